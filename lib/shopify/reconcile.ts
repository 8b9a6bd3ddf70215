/**
 * Catches up with Shopify after missed deliveries (Shopify removes a subscription after repeated
 * failures): lists every product with all its variants from the Admin GraphQL API and applies
 * each as a products/update would, so `updated_at` ordering protects newer data exactly as for
 * webhooks.
 */
import type { ChangeAuthor } from '../catalog/price-audit';
import { getDb } from '../db';
import { getEnv } from '../env';
import { ConfigurationError } from '../http/errors';
import type { CatalogChange } from '../revalidation/paths-for-change';
import { queueCatalogChanges } from '../revalidation/purge-changes';
import { inTransaction, type Tx } from '../transaction';
import type { DeliveryEffect } from '../webhooks/apply-delivery';
import { getShopifyShopCurrency, listShopifyProducts } from './admin-api';
import { createShopifyAdminClient, type ShopifyAdminClient } from './admin-client';
import { archiveShopifyProduct, shopifyIdOf, syncShopifyProduct } from './sync-product';

export interface ShopifyReconcileReport {
  products: number;
  /** Linked here, gone from Shopify: archived with `archiveMissing`, else only reported. */
  missing: string[];
  changes: CatalogChange[];
  details: string[];
}

export async function reconcileShopify(
  options: { archiveMissing: boolean },
  client: ShopifyAdminClient = createShopifyAdminClient(),
): Promise<ShopifyReconcileReport> {
  const env = getEnv();
  const author = { source: 'SHOPIFY' as const, actor: `${env.SHOPIFY_SHOP_DOMAIN ?? 'shopify'} reconcile` };
  // Shopify's prices are bare decimals in the shop's currency: read in another, every one is wrong.
  const shopCurrency = await getShopifyShopCurrency(client);
  if (shopCurrency !== env.SHOPIFY_SHOP_CURRENCY) {
    throw new ConfigurationError(
      `The Shopify shop's currency is ${shopCurrency} but SHOPIFY_SHOP_CURRENCY is ${env.SHOPIFY_SHOP_CURRENCY}: set it to ${shopCurrency}`,
    );
  }

  const report: ShopifyReconcileReport = { products: 0, missing: [], changes: [], details: [] };
  const listed = new Set<string>();
  for await (const product of listShopifyProducts(client)) {
    listed.add(shopifyIdOf(product.admin_graphql_api_id));
    const effect = await applyQueued((tx) => syncShopifyProduct(tx, product, shopCurrency, author));
    report.changes.push(...effect.changes);
    report.details.push(`${product.id}: ${effect.detail}`);
  }
  report.products = listed.size;
  await handleMissing(listed, report, options.archiveMissing, author);
  return report;
}

/** Linked here but not listed: deleted in Shopify, or a token for another shop (so opt-in). */
async function handleMissing(
  listed: ReadonlySet<string>,
  report: ShopifyReconcileReport,
  archive: boolean,
  author: ChangeAuthor,
): Promise<void> {
  const linked = await getDb().product.findMany({
    where: { shopifyProductId: { not: null }, status: { not: 'ARCHIVED' } },
    select: { shopifyProductId: true },
  });
  for (const { shopifyProductId } of linked) {
    if (!shopifyProductId || listed.has(shopifyProductId)) continue;
    report.missing.push(shopifyProductId);
    if (!archive) continue;
    const effect = await applyQueued((tx) => archiveShopifyProduct(tx, shopifyProductId, author));
    report.changes.push(...effect.changes);
  }
}

/** Applies one product's news and queues the pages it changed, in one transaction. */
function applyQueued(apply: (tx: Tx) => Promise<DeliveryEffect>): Promise<DeliveryEffect> {
  return inTransaction(async (tx) => {
    const effect = await apply(tx);
    await queueCatalogChanges(tx, effect.changes);
    return effect;
  });
}
