/**
 * The end-to-end suite, always on a production build: a fresh database (created, migrated,
 * seeded, dropped), `next build` into .next-e2e, then Playwright against `next start`.
 * Extra arguments go to Playwright (e.g. `npm run test:e2e -- e2e/purge.spec.ts`).
 */
import { randomBytes } from 'node:crypto';
import { ensureChromium } from './lib/chromium';
import { withScratchDatabase } from './lib/scratch-database';
import { findFreePort } from './lib/free-port';
import { bin, loadProjectEnv } from './lib/repo';
import { runMain } from './lib/run-main';
import { runCommand, runOrThrow } from './lib/run-command';

async function main(): Promise<number> {
  loadProjectEnv();
  const chromium = ensureChromium();
  return withScratchDatabase('storefront_e2e', async ({ url }) => {
    const env = {
      ...process.env,
      NODE_ENV: 'production' as const,
      DATABASE_URL: url,
      REVALIDATE_SECRET: randomBytes(24).toString('hex'),
      // Its own build folder (override with E2E_DIST_DIR to run two suites at once).
      NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? '.next-e2e',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: 'admin@shop.test',
      ADMIN_PASSWORD: randomBytes(12).toString('hex'),
      STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('hex')}`,
      SHOPIFY_WEBHOOK_SECRET: randomBytes(24).toString('hex'),
      SHOPIFY_SHOP_DOMAIN: 'fresh-price-e2e.myshopify.com',
      NEXT_TELEMETRY_DISABLED: '1',
      CHROMIUM_PATH: chromium,
      E2E_PORT: String(await findFreePort()),
    };
    await runOrThrow(bin('tsx'), ['scripts/db/seed.ts'], env);
    await runOrThrow(bin('next'), ['build'], env);
    return await runCommand(bin('playwright'), ['test', ...process.argv.slice(2)], env);
  });
}

runMain(main);
