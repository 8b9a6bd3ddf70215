/**
 * `tsx scripts/with-test-db.ts -- <command...>`: runs a command (the unit tests) against a
 * database created for this run alone, migrated, and dropped afterwards, so runs never collide.
 * Tests that need scratch databases of their own get TEST_PG_ADMIN_URL.
 */
import { applyMigrations } from '../lib/migrations/apply';
import { connectDatabaseServer, createDatabase, dropDatabase, scratchDatabaseName } from './lib/database-server';
import { loadProjectEnv, repoRoot } from './lib/repo';
import { runMain } from './lib/run-main';
import { runCommand } from './lib/run-command';

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(process.argv.indexOf('--') + 1);
  if (!command) throw new Error('usage: with-test-db.ts -- <command> [args...]');
  loadProjectEnv();
  const server = await connectDatabaseServer(repoRoot);
  const adminUrl = server.url('postgres');
  const name = scratchDatabaseName('storefront_unit');
  try {
    await createDatabase(adminUrl, name);
    await applyMigrations({ connectionString: server.url(name), log: () => {} });
    const env = {
      ...process.env,
      NODE_ENV: 'test' as const,
      DATABASE_URL: server.url(name),
      TEST_PG_ADMIN_URL: adminUrl,
    };
    return await runCommand(command, args, env);
  } finally {
    await dropDatabase(adminUrl, name).catch((error: unknown) => console.error(`could not drop ${name}:`, error));
    await server.release();
  }
}

runMain(main);
