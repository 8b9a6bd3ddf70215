/**
 * Catches up with Shopify after missed deliveries (Shopify removes a subscription after repeated
 * failures): lists every product with all its variants from the Admin GraphQL API and applies
 * each as a products/update would, so `updated_at` ordering protects newer data exactly as for
 * webhooks.
 */
import type { CatalogChangeScope, ChangeAuthor } from '../catalog/change-scope';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import { getDb } from '../db';
import { getEnv } from '../env';
import { ConfigurationError } from '../http/errors';
import type { DeliveryEffect } from '../webhooks/apply-delivery';
import { getShopifyShopCurrency, listShopifyProducts } from './admin-api';
import { createShopifyAdminClient, type ShopifyAdminClient } from './admin-client';
import { archiveShopifyProduct, shopifyIdOf, syncShopifyProduct } from './sync-product';

export interface ShopifyReconcileReport {
  products: number;
  /** Linked here, gone from Shopify: archived with `archiveMissing`, else only reported. */
  missing: string[];
  /** Products whose pages changed. */
  changedProducts: number;
  /** Every page queued for regeneration (the running shop's drainer regenerates them), sorted. */
  paths: string[];
  details: string[];
}

export async function reconcileShopify(
  options: { archiveMissing: boolean },
  client: ShopifyAdminClient = createShopifyAdminClient(),
): Promise<ShopifyReconcileReport> {
  const env = getEnv();
  const author: ChangeAuthor = { source: 'SHOPIFY', actor: `${env.SHOPIFY_SHOP_DOMAIN ?? 'shopify'} reconcile` };
  // Shopify's prices are bare decimals in the shop's currency: read in another, every one is wrong.
  const shopCurrency = await getShopifyShopCurrency(client);
  if (shopCurrency !== env.SHOPIFY_SHOP_CURRENCY) {
    throw new ConfigurationError(
      `The Shopify shop's currency is ${shopCurrency} but SHOPIFY_SHOP_CURRENCY is ${env.SHOPIFY_SHOP_CURRENCY}: set it to ${shopCurrency}`,
    );
  }

  const report: ShopifyReconcileReport = { products: 0, missing: [], changedProducts: 0, paths: [], details: [] };
  const paths = new Set<string>();
  const apply = async (change: (scope: CatalogChangeScope) => Promise<DeliveryEffect>) => {
    const { value: effect, paths: queued } = await commitCatalogChange(author, change);
    if (queued.length > 0) report.changedProducts += 1;
    for (const path of queued) paths.add(path);
    return effect;
  };
  const listed = new Set<string>();
  for await (const product of listShopifyProducts(client)) {
    listed.add(shopifyIdOf(product.admin_graphql_api_id));
    const effect = await apply((scope) => syncShopifyProduct(scope, product, shopCurrency));
    report.details.push(`${product.id}: ${effect.detail}`);
  }
  report.products = listed.size;
  await handleMissing(listed, report, options.archiveMissing, apply);
  report.paths = [...paths].sort();
  return report;
}

/** Linked here but not listed: deleted in Shopify, or a token for another shop (so opt-in). */
async function handleMissing(
  listed: ReadonlySet<string>,
  report: ShopifyReconcileReport,
  archive: boolean,
  apply: (change: (scope: CatalogChangeScope) => Promise<DeliveryEffect>) => Promise<DeliveryEffect>,
): Promise<void> {
  const linked = await getDb().product.findMany({
    where: { shopifyProductId: { not: null }, status: { not: 'ARCHIVED' } },
    select: { shopifyProductId: true },
  });
  for (const { shopifyProductId } of linked) {
    if (!shopifyProductId || listed.has(shopifyProductId)) continue;
    report.missing.push(shopifyProductId);
    if (!archive) continue;
    await apply((scope) => archiveShopifyProduct(scope, shopifyProductId));
  }
}
