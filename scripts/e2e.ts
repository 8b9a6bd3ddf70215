/**
 * The end-to-end suite, always on a production build: a fresh database (created, migrated,
 * seeded, dropped), `next build` into .next-e2e, then Playwright against `next start`.
 * Extra arguments go to Playwright (e.g. `npm run test:e2e -- e2e/purge.spec.ts`).
 */
import { randomBytes } from 'node:crypto';
import { applyMigrations } from '../lib/migrations/apply';
import { ensureChromium } from './lib/chromium';
import { connectDatabaseServer, createDatabase, dropDatabase, scratchDatabaseName } from './lib/database-server';
import { findFreePort } from './lib/free-port';
import { bin, loadProjectEnv, repoRoot } from './lib/repo';
import { runMain } from './lib/run-main';
import { runCommand, runOrThrow } from './lib/run-command';

async function main(): Promise<number> {
  loadProjectEnv();
  const chromium = ensureChromium();
  const server = await connectDatabaseServer(repoRoot);
  const adminUrl = server.url('postgres');
  const name = scratchDatabaseName('storefront_e2e');
  try {
    await createDatabase(adminUrl, name);
    await applyMigrations({ connectionString: server.url(name), log: () => {} });
    const env = {
      ...process.env,
      NODE_ENV: 'production' as const,
      DATABASE_URL: server.url(name),
      REVALIDATE_SECRET: randomBytes(24).toString('hex'),
      // Its own build folder (override with E2E_DIST_DIR to run two suites at once).
      NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? '.next-e2e',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: 'admin@shop.test',
      ADMIN_PASSWORD: randomBytes(12).toString('hex'),
      NEXT_TELEMETRY_DISABLED: '1',
      CHROMIUM_PATH: chromium,
      E2E_PORT: String(await findFreePort()),
    };
    await runOrThrow(bin('tsx'), ['scripts/db/seed.ts'], env);
    await runOrThrow(bin('next'), ['build'], env);
    return await runCommand(bin('playwright'), ['test', ...process.argv.slice(2)], env);
  } finally {
    await dropDatabase(adminUrl, name).catch((error: unknown) => console.error(`could not drop ${name}:`, error));
    await server.release();
  }
}

runMain(main);
