/**
 * Shopify's side of the catalog: a products/* payload carries the whole product with its
 * variants, so each delivery is applied as "the product as of `updated_at`", through the same
 * catalog code every other source uses.
 */
import { parseGid } from '@shopify/hydrogen-react';
import { convert } from 'html-to-text';
import type { Prisma } from '../generated/prisma/client';
import {
  applySourceEdit,
  createDraftProduct,
  linkProductBySku,
  lockLinkedProduct,
  type LinkedProduct,
  type NewVariant,
  type SourceEdit,
  type VariantEdit,
} from '../catalog/source-sync';
import type { ChangeAuthor } from '../catalog/update-product';
import type { DeliveryEffect } from '../webhooks/process-delivery';
import { parseShopifyPrice } from './decimal-price';
import type { ShopifyProductPayload, ShopifyVariantPayload } from './product-payload';

type Tx = Prisma.TransactionClient;

/** The id in `gid://shopify/Product/123`, via hydrogen-react's parser. */
export function shopifyIdOf(gid: string): string {
  return parseGid(gid).id;
}

/** Shopify descriptions are HTML; ours are text that pages render escaped. */
export function descriptionFromHtml(html: string | null): string {
  if (!html) return '';
  return convert(html, { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }] })
    .trim()
    .slice(0, 5000);
}

/** Shopify's status, as far as a source may set ours: it can take a product off sale, never publish it. */
function statusFrom(status: ShopifyProductPayload['status']): SourceEdit['status'] {
  if (status === 'archived') return 'ARCHIVED';
  // 'unlisted' products stay reachable by link in Shopify; we have no such state, so keep them off sale.
  if (status === 'draft' || status === 'unlisted') return 'DRAFT';
  return undefined;
}

export async function syncShopifyProduct(
  tx: Tx,
  payload: ShopifyProductPayload,
  shopCurrency: string,
  author: ChangeAuthor,
): Promise<DeliveryEffect> {
  const link = { shopifyProductId: shopifyIdOf(payload.admin_graphql_api_id) };
  const updatedAt = new Date(payload.updated_at);
  const skus = payload.variants.flatMap((v) => (v.sku?.trim() ? [v.sku.trim()] : []));
  const product =
    (await lockLinkedProduct(tx, link)) ??
    (await linkProductBySku(tx, skus, link)) ??
    (await createDraftProduct(tx, {
      link,
      title: payload.title,
      description: descriptionFromHtml(payload.body_html),
      slugHint: payload.handle,
    }));

  if (product.shopifyDeletedAt) return ignored(`product ${link.shopifyProductId} was deleted in Shopify`);
  if (product.shopifyUpdatedAt && product.shopifyUpdatedAt > updatedAt) {
    return ignored(
      `updated_at ${payload.updated_at} is older than the ${product.shopifyUpdatedAt.toISOString()} applied`,
    );
  }

  let variants: { edits: VariantEdit[]; added: NewVariant[] };
  try {
    variants = await variantChanges(tx, product, payload.variants, shopCurrency);
  } catch (error) {
    // A price we cannot read exactly is never guessed at; a retry would not help either.
    if (error instanceof RangeError) return ignored(`refused: ${error.message}`);
    throw error;
  }
  const { change, priceChanges } = await applySourceEdit(
    tx,
    product,
    {
      title: payload.title,
      description: descriptionFromHtml(payload.body_html),
      status: statusFrom(payload.status),
      sourceState: { shopifyUpdatedAt: updatedAt },
      variants: variants.edits,
      newVariants: variants.added,
    },
    author,
  );
  return {
    outcome: 'APPLIED',
    detail: change
      ? `product ${product.slug}: ${priceChanges} price change(s)`
      : `product ${product.slug}: no visible change`,
    changes: change ? [change] : [],
  };
}

/** products/delete: archive the product, so its page answers 404, and ignore later news of it. */
export async function archiveShopifyProduct(
  tx: Tx,
  shopifyProductId: string,
  author: ChangeAuthor,
): Promise<DeliveryEffect> {
  const product = await lockLinkedProduct(tx, { shopifyProductId });
  if (!product) return ignored(`no product here is linked to Shopify product ${shopifyProductId}`);
  const { change } = await applySourceEdit(
    tx,
    product,
    { status: 'ARCHIVED', sourceState: { shopifyDeletedAt: new Date() } },
    author,
  );
  return { outcome: 'APPLIED', detail: `product ${product.slug} archived`, changes: change ? [change] : [] };
}

function ignored(detail: string): DeliveryEffect {
  return { outcome: 'IGNORED', detail, changes: [] };
}

/**
 * Matches the payload's variants to ours (by Shopify variant id, else by sku) and says what to
 * write. Ours that Shopify no longer lists are marked sold out rather than deleted, so their
 * price history stays. Throws RangeError for a price that cannot be read exactly.
 */
async function variantChanges(
  tx: Tx,
  product: LinkedProduct,
  incoming: readonly ShopifyVariantPayload[],
  shopCurrency: string,
): Promise<{ edits: VariantEdit[]; added: NewVariant[] }> {
  const edits: VariantEdit[] = [];
  const added: NewVariant[] = [];
  const matched = new Set<number>();
  for (const payload of incoming) {
    const shopifyVariantId = shopifyIdOf(payload.admin_graphql_api_id);
    const ours =
      product.variants.find((v) => v.shopifyVariantId === shopifyVariantId) ??
      product.variants.find((v) => v.shopifyVariantId === null && payload.sku !== null && v.sku === payload.sku.trim());
    const currency = ours?.currency ?? shopCurrency;
    if (currency !== shopCurrency) {
      throw new RangeError(`variant ${ours?.sku} is priced in ${currency}, the Shopify shop in ${shopCurrency}`);
    }
    const price = parseShopifyPrice(payload.price, currency);
    const compareAtPrice =
      payload.compare_at_price === null ? null : parseShopifyPrice(payload.compare_at_price, currency);
    const stock = Math.max(0, payload.inventory_quantity);
    if (ours) {
      matched.add(ours.id);
      edits.push({ id: ours.id, title: payload.title, price, compareAtPrice, stock, shopifyVariantId });
    } else {
      added.push({
        sku: await freeSku(tx, payload.sku?.trim() || `shopify-${shopifyVariantId}`, shopifyVariantId),
        title: payload.title,
        price,
        currency,
        compareAtPrice,
        stock,
        shopifyVariantId,
      });
    }
  }
  for (const variant of product.variants) {
    if (variant.shopifyVariantId !== null && !matched.has(variant.id)) edits.push({ id: variant.id, stock: 0 });
  }
  return { edits, added };
}

/** Skus are unique across the catalog; a Shopify sku another product already uses gets the variant's id instead. */
async function freeSku(tx: Tx, sku: string, shopifyVariantId: string): Promise<string> {
  const taken = await tx.variant.findUnique({ where: { sku: sku.slice(0, 64) }, select: { id: true } });
  return taken ? `shopify-${shopifyVariantId}` : sku.slice(0, 64);
}
