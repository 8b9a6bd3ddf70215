/**
 * `tsx scripts/with-db.ts -- <command...>` runs a command with DATABASE_URL set: yours if you
 * set one, otherwise the embedded PostgreSQL, started for the command and stopped after it.
 */
import { connectDatabaseServer } from './lib/database-server';
import { loadProjectEnv, repoRoot } from './lib/repo';
import { runMain } from './lib/run-main';
import { runCommand } from './lib/run-command';

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(process.argv.indexOf('--') + 1);
  if (!command) throw new Error('usage: with-db.ts -- <command> [args...]');
  loadProjectEnv();
  const server = await connectDatabaseServer(repoRoot);
  try {
    return await runCommand(command, args, { ...process.env, DATABASE_URL: server.defaultUrl });
  } finally {
    await server.release();
  }
}

runMain(main);
