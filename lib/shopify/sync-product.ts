/**
 * Shopify's side of the catalog: a products/* payload carries the whole product with its
 * variants, so each delivery is applied as "the product as of `updated_at`", through the same
 * catalog code every other source uses.
 */
import type { CatalogChangeScope, LockOptions } from '../catalog/change-scope';
import {
  applySourceEdit,
  createDraftProduct,
  linkProductBySku,
  lockLinkedProduct,
  UnacceptablePriceError,
  type LinkedProduct,
  type SourceEdit,
} from '../catalog/source-sync';
import { InvalidProductOptionsError, setProductOptions } from '../catalog/variant-options';
import { ignoredDelivery, type DeliveryEffect } from '../webhooks/apply-delivery';
import { descriptionFromHtml } from './description-from-html';
import { shopifyIdOf } from './ids';
import type { ShopifyProductPayload } from './product-payload';
import { productOptionsFrom, readShopifyOptions } from './product-options';
import { readVariants, variantChanges, type IncomingVariant, type VariantChanges } from './variant-changes';

export { shopifyIdOf };

/** Shopify's status, as far as a source may set ours: it can take a product off sale, never publish it. */
function statusFrom(status: ShopifyProductPayload['status']): SourceEdit['status'] {
  if (status === 'archived') return 'ARCHIVED';
  // 'unlisted' products stay reachable by link in Shopify; we have no such state, so keep them off sale.
  if (status === 'draft' || status === 'unlisted') return 'DRAFT';
  return undefined;
}

export async function syncShopifyProduct(
  scope: CatalogChangeScope,
  payload: ShopifyProductPayload,
  shopCurrency: string,
): Promise<DeliveryEffect> {
  const link = { shopifyProductId: shopifyIdOf(payload.admin_graphql_api_id) };
  const updatedAt = new Date(payload.updated_at);
  let incoming: IncomingVariant[];
  try {
    incoming = readVariants(payload.variants, shopCurrency);
  } catch (error) {
    // Read before anything is written: a refused price leaves no trace but the delivery's row.
    if (error instanceof RangeError || error instanceof UnacceptablePriceError) {
      return ignoredDelivery(`refused: ${error.message}`);
    }
    throw error;
  }
  // Only news that may take the product off sale moves it in its listings.
  const lock = { moving: statusFrom(payload.status) !== undefined };
  const product = await findOrCreateProduct(scope, payload, incoming, lock);

  if (product.shopifyDeletedAt) return ignoredDelivery(`product ${link.shopifyProductId} was deleted in Shopify`);
  // Equal counts as already applied: X-Shopify-Webhook-Id is outside the HMAC, so a captured body
  // can be replayed under a fresh id, and must not undo an admin's edit made since.
  if (product.shopifyUpdatedAt && product.shopifyUpdatedAt >= updatedAt) {
    const relation = product.shopifyUpdatedAt > updatedAt ? 'older than' : 'the same as';
    return ignoredDelivery(
      `updated_at ${payload.updated_at} is ${relation} the ${product.shopifyUpdatedAt.toISOString()} applied`,
    );
  }

  const listed = new Set([
    ...incoming.map((v) => v.shopifyVariantId),
    ...payload.variant_gids.map((v) => shopifyIdOf(v.admin_graphql_api_id)),
  ]);
  let variants: VariantChanges;
  try {
    variants = await variantChanges(scope.tx, product, incoming, shopCurrency, listed);
  } catch (error) {
    if (error instanceof RangeError) return ignoredDelivery(`refused: ${error.message}`);
    throw error;
  }
  const { visible, priceChanges } = await applySourceEdit(scope, product, {
    title: payload.title,
    description: descriptionFromHtml(payload.body_html),
    status: statusFrom(payload.status),
    sourceState: { shopifyUpdatedAt: updatedAt },
    variants: variants.edits,
    newVariants: variants.added,
  });
  const options = await syncOptions(scope, product.id, payload, listed);
  const applied = visible || options.changed ? `${priceChanges} price change(s)` : 'no visible change';
  return {
    outcome: 'APPLIED',
    detail: `product ${product.slug}: ${applied}${options.note}${skippedNote(variants.skipped)}`,
  };
}

/**
 * Shopify's options and each variant's values, once the variants are written (a draft's new ones
 * included). Options that cannot be applied leave ours as they were, and say why, rather than
 * holding up the prices.
 */
async function syncOptions(
  scope: CatalogChangeScope,
  productId: number,
  payload: ShopifyProductPayload,
  listedIds: ReadonlySet<string>,
): Promise<{ changed: boolean; note: string }> {
  const ours = await scope.tx.variant.findMany({
    where: { productId },
    select: { id: true, shopifyVariantId: true },
  });
  const shopify = readShopifyOptions(payload);
  if (!shopify) return { changed: false, note: '' };
  const mapped = productOptionsFrom(shopify, ours, listedIds);
  if (!mapped) return { changed: false, note: '; options unchanged: a variant of ours has no values in the payload' };
  try {
    const changed = await setProductOptions(scope, productId, mapped.wanted, mapped.withoutCombination);
    return { changed, note: changed ? '; options updated' : '' };
  } catch (error) {
    if (error instanceof InvalidProductOptionsError) return { changed: false, note: `; ${error.message}` };
    throw error;
  }
}

/** Ours by Shopify id, else an unlinked product carrying one of the skus, else a new draft. */
async function findOrCreateProduct(
  scope: CatalogChangeScope,
  payload: ShopifyProductPayload,
  incoming: readonly IncomingVariant[],
  lock: LockOptions,
): Promise<LinkedProduct> {
  const link = { shopifyProductId: shopifyIdOf(payload.admin_graphql_api_id) };
  const skus = incoming.flatMap((v) => (v.sku ? [v.sku] : []));
  return (
    (await lockLinkedProduct(scope, link, lock)) ??
    (await linkProductBySku(scope, skus, link, lock)) ??
    (await createDraftProduct(scope, {
      link,
      title: payload.title,
      description: descriptionFromHtml(payload.body_html),
      slugHint: payload.handle,
    }))
  );
}

function skippedNote(skipped: readonly IncomingVariant[]): string {
  if (skipped.length === 0) return '';
  const names = skipped.map((v) => v.sku ?? `id ${v.shopifyVariantId}`).join(', ');
  return `; skipped Shopify variant(s) ${names}: not on this live product (give one of ours that sku to link it)`;
}

/** products/delete: archive the product, so its page answers 404, and ignore later news of it. */
export async function archiveShopifyProduct(
  scope: CatalogChangeScope,
  shopifyProductId: string,
): Promise<DeliveryEffect> {
  const product = await lockLinkedProduct(scope, { shopifyProductId }, { moving: true });
  if (!product) return ignoredDelivery(`no product here is linked to Shopify product ${shopifyProductId}`);
  // A delete body is only an id, so a replay is indistinguishable from the original: once
  // deleted, any product/delete for it is that one again, even if an admin has since relisted it.
  if (product.shopifyDeletedAt) return ignoredDelivery(`product ${product.slug} was already deleted in Shopify`);
  await applySourceEdit(scope, product, { status: 'ARCHIVED', sourceState: { shopifyDeletedAt: new Date() } });
  return { outcome: 'APPLIED', detail: `product ${product.slug} archived` };
}
