/**
 * The end-to-end suite, always on a production build: a fresh database (created, migrated,
 * seeded, dropped), `next build` into .next-e2e, then Playwright against `next start`.
 * Extra arguments go to Playwright (e.g. `npm run test:e2e -- e2e/purge.spec.ts`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureChromium } from './lib/chromium';
import { withScratchDatabase } from './lib/scratch-database';
import { findFreePort } from './lib/free-port';
import { buildIslands } from './lib/islands';
import { bin, loadProjectEnv, repoRoot } from './lib/repo';
import { runMain } from './lib/run-main';
import { runCommand, runOrThrow } from './lib/run-command';
import { scaleOutServicesRequired } from './lib/required-services';
import { findNginx, startNginx, stopNginx, type NginxEdgeConfig } from './lib/nginx';
import { findVarnishd, startVarnish, stopVarnish, type VarnishConfig } from './lib/varnish';

async function main(): Promise<number> {
  loadProjectEnv();
  const chromium = ensureChromium();
  return withScratchDatabase('storefront_e2e', async ({ url }) => {
    const port = String(await findFreePort());
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
      E2E_PORT: port,
      // Known before `next build`, which writes it into the pages' canonical and og:url.
      PUBLIC_SHOP_URL: `http://127.0.0.1:${port}`,
    };
    // Checkout talks to a local Stripe stand-in that the checkout spec starts on this port
    // (e2e/checkout.spec.ts): the real SDK, pointed at it.
    const stripePort = String(await findFreePort());
    Object.assign(env, {
      STRIPE_SECRET_KEY: 'sk_test_e2e_stand_in',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: stripePort,
      STRIPE_API_PROTOCOL: 'http',
      E2E_STRIPE_PORT: stripePort,
    });
    const varnish = await edgeVarnish(Number(env.E2E_PORT));
    Object.assign(env, varnish?.env);
    const nginx = await edgeNginx(Number(env.E2E_PORT));
    Object.assign(env, nginx?.env);
    try {
      await runOrThrow(bin('tsx'), ['scripts/db/seed.ts'], env);
      await buildIslands(repoRoot);
      await runOrThrow(bin('next'), ['build'], env);
      if (varnish) await startVarnish(varnish.config);
      if (nginx) await startNginx(nginx.config);
      return await runCommand(bin('playwright'), ['test', ...process.argv.slice(2)], env);
    } finally {
      if (nginx) {
        await stopNginx(nginx.config);
        rmSync(nginx.config.workDir, { recursive: true, force: true });
      }
      if (varnish) {
        await stopVarnish(varnish.config);
        rmSync(varnish.config.workDir, { recursive: true, force: true });
      }
    }
  });
}

/**
 * When varnishd is installed, the suite runs with a Varnish of its own in front of the app and
 * the app's Varnish edge target on (e2e/edge.spec.ts); without it that spec is skipped.
 */
async function edgeVarnish(appPort: number): Promise<{ config: VarnishConfig; env: Record<string, string> } | null> {
  if (!findVarnishd()) {
    const missing = 'varnishd not found (Debian: apt-get install varnish)';
    if (scaleOutServicesRequired()) throw new Error(`REQUIRE_SCALE_OUT_SERVICES=1, but ${missing}`);
    console.log(`e2e: ${missing}: the edge cache spec is skipped`);
    return null;
  }
  const config: VarnishConfig = {
    workDir: mkdtempSync(path.join(tmpdir(), 'storefront-e2e-varnish-')),
    listenPort: await findFreePort(),
    backendHost: '127.0.0.1',
    backendPort: appPort,
    vclPath: path.join(repoRoot, 'varnish', 'default.vcl'),
  };
  const env = {
    EDGE_VARNISH_URL: `http://127.0.0.1:${config.listenPort}`,
    EDGE_SHOP_HOST: 'shop.e2e.test',
    // The specs assert HIT/MISS request by request: a second refresh landing 2 s later (a page
    // Varnish last did not keep, such as a removed product's 404) would make them flaky. It is
    // tested in lib/revalidation/edge/varnish.test.ts and nginx.test.ts.
    EDGE_REPURGE_AFTER_MS: '0',
    E2E_VARNISH_CONFIG: JSON.stringify(config),
  };
  return { config, env };
}

/**
 * Likewise nginx: an nginx edge of the suite's own (nginx/default.conf on a free port, its own
 * prefix) with the app's nginx target on, beside Varnish: every purge goes to both.
 */
async function edgeNginx(appPort: number): Promise<{ config: NginxEdgeConfig; env: Record<string, string> } | null> {
  if (!findNginx()) {
    const missing = 'nginx not found (Debian: apt-get install nginx)';
    if (scaleOutServicesRequired()) throw new Error(`REQUIRE_SCALE_OUT_SERVICES=1, but ${missing}`);
    console.log(`e2e: ${missing}: the nginx edge is not tested`);
    return null;
  }
  const config: NginxEdgeConfig = {
    workDir: mkdtempSync(path.join(tmpdir(), 'storefront-e2e-nginx-')),
    listenPort: await findFreePort(),
    backends: [{ host: '127.0.0.1', port: appPort }],
    confPath: path.join(repoRoot, 'nginx', 'default.conf'),
  };
  return {
    config,
    env: { EDGE_NGINX_URL: `http://127.0.0.1:${config.listenPort}`, E2E_NGINX_CONFIG: JSON.stringify(config) },
  };
}

runMain(main);
