/**
 * `npm run reconcile -- [stripe] [shopify] [--archive-missing]`
 *
 * For when webhook deliveries were missed: reads every product (and Stripe price) from the
 * providers' APIs, applies the differences through the same code as webhooks (audit rows
 * included) and queues the pages that changed in the purge outbox, which the running shop
 * drains. Without a provider named, it runs each
 * one that is configured. Products linked here that the provider no longer lists are reported,
 * and archived only with --archive-missing.
 */
import { getEnv } from '../lib/env';
import { getStripe } from '../lib/stripe/client';
import { reconcileStripe } from '../lib/stripe/reconcile';
import { reconcileShopify } from '../lib/shopify/reconcile';
import { loadProjectEnv } from './lib/repo';
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
    throw new Error(
      'Nothing to reconcile: set STRIPE_SECRET_KEY and/or SHOPIFY_ADMIN_ACCESS_TOKEN (see docs/operations.md, Reconcile)',
    );
  }

  const paths = new Set<string>();
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
    console.log(`${provider}: ${report.products} products read, ${report.changedProducts} changed`);
    for (const path of report.paths) paths.add(path);
  }
  // Each change queued its pages in the purge outbox in its own transaction: the running shop's
  // drainer regenerates them within a second (or as soon as the shop starts).
  const queued = [...paths].sort();
  console.log(`${queued.length} page(s) queued for regeneration${queued.length ? `: ${queued.join(' ')}` : ''}`);
  return 0;
}

runMain(main);
