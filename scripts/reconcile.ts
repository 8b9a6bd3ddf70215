/**
 * `npm run reconcile -- [stripe] [shopify] [--archive-missing]`
 *
 * For when webhook deliveries were missed: reads every product (and Stripe price) from the
 * providers' APIs, applies the differences through the same code as webhooks (audit rows
 * included), then asks the running shop to regenerate every page that changed
 * (POST $SHOP_URL/api/revalidate with REVALIDATE_SECRET). Without a provider named, it runs each
 * one that is configured. Products linked here that the provider no longer lists are reported,
 * and archived only with --archive-missing.
 */
import { getEnv } from '../lib/env';
import { pathsForChanges } from '../lib/revalidation/purge-changes';
import type { CatalogChange } from '../lib/revalidation/paths-for-change';
import { getStripe } from '../lib/stripe/client';
import { reconcileStripe } from '../lib/stripe/reconcile';
import { reconcileShopify } from '../lib/shopify/reconcile';
import { demoSecret, randomHex } from './lib/demo-secret';
import { loadProjectEnv, repoRoot } from './lib/repo';
import { runMain } from './lib/run-main';

async function main(): Promise<number> {
  loadProjectEnv();
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  const archiveMissing = args.includes('--archive-missing');
  const env = getEnv();
  const named = args.filter((arg) => !arg.startsWith('--'));
  const providers = named.length
    ? named
    : [...(env.STRIPE_SECRET_KEY ? ['stripe'] : []), ...(env.SHOPIFY_ADMIN_ACCESS_TOKEN ? ['shopify'] : [])];
  if (providers.length === 0) {
    throw new Error('Nothing to reconcile: set STRIPE_SECRET_KEY and/or SHOPIFY_ADMIN_ACCESS_TOKEN (see README)');
  }

  const changes: CatalogChange[] = [];
  for (const provider of providers) {
    if (provider !== 'stripe' && provider !== 'shopify') throw new Error(`unknown provider ${provider}`);
    const report =
      provider === 'stripe'
        ? await reconcileStripe(getStripe(), { archiveMissing })
        : await reconcileShopify({ archiveMissing });
    for (const line of report.details) console.log(`${provider}: ${line}`);
    for (const id of report.missing) {
      console.log(`${provider}: ${id} is linked here but not in ${provider}${archiveMissing ? ': archived' : ''}`);
    }
    console.log(`${provider}: ${report.products} products read, ${report.changes.length} changed`);
    changes.push(...report.changes);
  }
  return purgeThroughShop(pathsForChanges(changes));
}

/** The pages changed outside the shop's process: the running shop regenerates them (500 per request, its limit). */
async function purgeThroughShop(paths: string[]): Promise<number> {
  let failed = 0;
  for (let i = 0; i < paths.length; i += 500) failed += await purgeBatch(paths.slice(i, i + 500));
  return failed > 0 ? 1 : 0;
}

async function purgeBatch(paths: string[]): Promise<number> {
  const shopUrl = process.env.SHOP_URL ?? `http://localhost:${process.env.PORT ?? '3000'}`;
  const secret = process.env.REVALIDATE_SECRET ?? demoSecret(repoRoot, 'revalidate-secret', randomHex(24));
  const response = await fetch(`${shopUrl}/api/revalidate`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ paths }),
  }).catch((error: unknown) => {
    throw new Error(`could not reach the shop at ${shopUrl} to purge ${paths.join(' ')}: ${String(error)}`);
  });
  const body = (await response.json()) as { results?: { path: string; ok: boolean; error?: string }[] };
  for (const result of body.results ?? []) {
    console.log(`purge ${result.path}: ${result.ok ? 'ok' : `FAILED ${result.error ?? ''}`}`);
  }
  return response.ok ? 0 : 1;
}

runMain(main);
