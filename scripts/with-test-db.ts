/**
 * `tsx scripts/with-test-db.ts -- <command...>`: runs a command (the unit tests) against a
 * database created for this run alone, migrated, and dropped afterwards, so runs never collide.
 * Tests that need scratch databases of their own get TEST_PG_ADMIN_URL.
 */
import { withScratchDatabase } from './lib/scratch-database';
import { loadProjectEnv } from './lib/repo';
import { runMain } from './lib/run-main';
import { runCommand } from './lib/run-command';

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(process.argv.indexOf('--') + 1);
  if (!command) throw new Error('usage: with-test-db.ts -- <command> [args...]');
  loadProjectEnv();
  return withScratchDatabase('storefront_unit', ({ url, adminUrl }) =>
    runCommand(command, args, { ...process.env, NODE_ENV: 'test', DATABASE_URL: url, TEST_PG_ADMIN_URL: adminUrl }),
  );
}

runMain(main);
