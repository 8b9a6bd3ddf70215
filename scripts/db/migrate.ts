/**
 * `npm run db:migrate`: applies pending migrations in prisma/migrations to DATABASE_URL, the way
 * `prisma migrate deploy` would (the Prisma CLI cannot fetch its schema engine offline).
 */
import path from 'node:path';
import { getEnv } from '../../lib/env';
import { applyMigrations } from './migrations/apply';
import { repoRoot } from '../lib/repo';

async function main(): Promise<void> {
  const { DATABASE_URL } = getEnv();
  await applyMigrations({
    connectionString: DATABASE_URL,
    migrationsDir: path.join(repoRoot, 'prisma', 'migrations'),
    log: (line) => console.log(line),
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
