/**
 * Catches up with Shopify after missed deliveries (Shopify removes a subscription after repeated
 * failures): lists every product from the Admin API and applies each as a products/update would,
 * so `updated_at` ordering protects newer data exactly as for webhooks.
 */
import { getDb } from '../db';
import { inTransaction } from '../transaction';
import { getEnv } from '../env';
import type { CatalogChange } from '../revalidation/paths-for-change';
import { queueCatalogChanges } from '../revalidation/purge-changes';
import { listShopifyProducts } from './admin-api';
import { shopifyProductPayloadSchema, type ShopifyProductPayload } from './product-payload';
import { archiveShopifyProduct, shopifyIdOf, syncShopifyProduct } from './sync-product';

export interface ShopifyReconcileReport {
  products: number;
  /** Linked here, gone from Shopify: archived with `archiveMissing`, else only reported. */
  missing: string[];
  changes: CatalogChange[];
  details: string[];
}

export async function reconcileShopify(options: { archiveMissing: boolean }): Promise<ShopifyReconcileReport> {
  const env = getEnv();
  const author = { source: 'SHOPIFY' as const, actor: `${env.SHOPIFY_SHOP_DOMAIN ?? 'shopify'} reconcile` };
  const products: ShopifyProductPayload[] = [];
  for await (const product of listShopifyProducts()) products.push(shopifyProductPayloadSchema.parse(product));

  const report: ShopifyReconcileReport = { products: products.length, missing: [], changes: [], details: [] };
  const db = getDb();
  for (const product of products) {
    const effect = await inTransaction(async (tx) => {
      const synced = await syncShopifyProduct(tx, product, env.SHOPIFY_SHOP_CURRENCY, author);
      await queueCatalogChanges(tx, synced.changes);
      return synced;
    });
    report.changes.push(...effect.changes);
    report.details.push(`${product.id}: ${effect.detail}`);
  }

  // Linked here but not listed: deleted in Shopify, or a token for another shop (so opt-in).
  const listed = new Set(products.map((p) => shopifyIdOf(p.admin_graphql_api_id)));
  const linked = await db.product.findMany({
    where: { shopifyProductId: { not: null }, status: { not: 'ARCHIVED' } },
    select: { shopifyProductId: true },
  });
  for (const { shopifyProductId } of linked) {
    if (!shopifyProductId || listed.has(shopifyProductId)) continue;
    report.missing.push(shopifyProductId);
    if (!options.archiveMissing) continue;
    const effect = await inTransaction(async (tx) => {
      const archived = await archiveShopifyProduct(tx, shopifyProductId, author);
      await queueCatalogChanges(tx, archived.changes);
      return archived;
    });
    report.changes.push(...effect.changes);
  }
  return report;
}
