/**
 * Empties the database DATABASE_URL names, applies every migration and loads the sample
 * catalog again. Also deletes the shop's build: its cached pages showed the old data.
 */
import path from 'node:path';
import { getDb } from '../../lib/db';
import { getEnv } from '../../lib/env';
import { applyMigrations } from './migrations/apply';
import { seedDatabase } from '../../prisma/seed/seed-database';
import { clearBuild } from '../lib/clear-build';
import { withClient } from '../lib/database-server';
import { repoRoot } from '../lib/repo';
import { runMain } from '../lib/run-main';

async function dropEverything(connectionString: string): Promise<void> {
  await withClient(connectionString, (client) => client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;'));
}

async function main(): Promise<void> {
  const { DATABASE_URL } = getEnv();
  await dropEverything(DATABASE_URL);
  await applyMigrations({ connectionString: DATABASE_URL, log: (line) => console.log(`migrate: ${line}`) });
  await seedDatabase(getDb(), { log: console.log });
  await getDb().$disconnect();
  // Its contents only: in Docker the folder is a volume mount point, which cannot be removed (EBUSY).
  clearBuild(path.join(repoRoot, process.env.NEXT_DIST_DIR ?? '.next'));
  console.log('reset: done (the next `npm run demo` rebuilds the shop)');
}

runMain(main);
