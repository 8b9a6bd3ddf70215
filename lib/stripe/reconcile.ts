/**
 * Catches up with Stripe after missed deliveries (Stripe stops retrying after three days): lists
 * every product and price (auto-pagination) and applies them through the same code as events.
 * The listing counts as news from the moment it started, so an event created after that still
 * wins, and one created before it is ignored as older.
 */
import type Stripe from 'stripe';
import type { ChangeAuthor } from '../catalog/change-scope';
import { applySourceEdit, lockLinkedProduct } from '../catalog/source-sync';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import { getDb } from '../db';
import { stripePriceSchema, stripeProductSchema, type StripePriceObject, type StripeProductObject } from './objects';
import { recordStripePrice, syncStripeProduct } from './sync-product';

const author: ChangeAuthor = { source: 'STRIPE', actor: 'stripe reconcile' };

export interface ReconcileReport {
  products: number;
  prices: number;
  /** Linked here, gone from Stripe: archived with `archiveMissing`, else only reported. */
  missing: string[];
  /** Products whose pages changed. */
  changedProducts: number;
  /** Every page queued for regeneration (the running shop's drainer regenerates them), sorted. */
  paths: string[];
  details: string[];
}

export async function reconcileStripe(stripe: Stripe, options: { archiveMissing: boolean }): Promise<ReconcileReport> {
  // One second back: Stripe's clock and ours may differ a little, and `created` is in seconds.
  const asOf = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);
  const products: StripeProductObject[] = [];
  for await (const product of stripe.products.list({ limit: 100 })) products.push(stripeProductSchema.parse(product));
  const prices: StripePriceObject[] = [];
  // Listing prices without `active` is documented as active prices only: ask for both.
  for (const active of [true, false]) {
    for await (const price of stripe.prices.list({ limit: 100, active })) prices.push(stripePriceSchema.parse(price));
  }

  const report: ReconcileReport = {
    products: products.length,
    prices: prices.length,
    missing: [],
    changedProducts: 0,
    paths: [],
    details: [],
  };
  const paths = new Set<string>();
  const db = getDb();
  for (const product of products) {
    const { value: effect, paths: queued } = await commitCatalogChange(author, async (scope) => {
      for (const price of prices.filter((p) => p.product === product.id))
        await recordStripePrice(scope.tx, price, asOf, false);
      return syncStripeProduct(scope, product.id, { object: product, deleted: false, eventAt: asOf });
    });
    count(report, paths, queued);
    report.details.push(`${product.id}: ${effect.detail}`);
  }

  // A product linked here that Stripe no longer lists was deleted there, or the key belongs to
  // another account: archiving is opt-in, so a wrong key cannot empty the shop.
  const listed = new Set(products.map((p) => p.id));
  const linked = await db.product.findMany({
    where: { stripeProductId: { not: null }, status: { not: 'ARCHIVED' } },
    select: { stripeProductId: true },
  });
  for (const { stripeProductId } of linked) {
    if (!stripeProductId || listed.has(stripeProductId)) continue;
    report.missing.push(stripeProductId);
    if (!options.archiveMissing) continue;
    const { paths: queued } = await commitCatalogChange(author, async (scope) => {
      const product = await lockLinkedProduct(scope, { stripeProductId }, { moving: true });
      if (product) await applySourceEdit(scope, product, { status: 'ARCHIVED' });
    });
    count(report, paths, queued);
  }
  report.paths = [...paths].sort();
  return report;
}

function count(report: ReconcileReport, paths: Set<string>, queued: readonly string[]): void {
  if (queued.length > 0) report.changedProducts += 1;
  for (const path of queued) paths.add(path);
}
