/**
 * Shopify's variants against ours: read their prices exactly, match them to our variants, and
 * say what to write. Nothing here writes.
 */
import type { Prisma } from '../generated/prisma/client';
import { assertAcceptablePrice, type LinkedProduct, type NewVariant, type VariantEdit } from '../catalog/source-sync';
import { parseShopifyPrice } from './decimal-price';
import { shopifyIdOf } from './ids';
import type { ShopifyVariantPayload } from './product-payload';

type Tx = Prisma.TransactionClient;

/** The title Shopify gives the only variant of a product without options; it means "no title". */
const PLACEHOLDER_TITLE = 'Default Title';

/** A Shopify variant with its prices in minor units of the shop's currency. */
export interface IncomingVariant {
  shopifyVariantId: string;
  sku: string | null;
  title: string;
  price: number;
  compareAtPrice: number | null;
  stock: number;
}

/**
 * Reads every variant's prices before anything is written. Throws RangeError for a price that
 * cannot be read exactly and UnacceptablePriceError for one the shop cannot hold: neither is
 * guessed at, and a retry would not help.
 */
export function readVariants(payloads: readonly ShopifyVariantPayload[], shopCurrency: string): IncomingVariant[] {
  return payloads.map((payload) => {
    const sku = payload.sku?.trim() || null;
    const price = parseShopifyPrice(payload.price, shopCurrency);
    const compareAtPrice =
      payload.compare_at_price === null ? null : parseShopifyPrice(payload.compare_at_price, shopCurrency);
    assertAcceptablePrice(price, sku ?? payload.admin_graphql_api_id);
    if (compareAtPrice !== null) assertAcceptablePrice(compareAtPrice, sku ?? payload.admin_graphql_api_id);
    return {
      shopifyVariantId: shopifyIdOf(payload.admin_graphql_api_id),
      sku,
      title: payload.title,
      price,
      compareAtPrice,
      // Negative when the variant keeps selling out of stock (inventory_policy "continue").
      stock: Math.max(0, payload.inventory_quantity),
    };
  });
}

export interface VariantChanges {
  edits: VariantEdit[];
  added: NewVariant[];
  /** Shopify variants we could not match on a live product: left out, never shown unpriced by us. */
  skipped: IncomingVariant[];
}

/**
 * Matches Shopify's variants to ours (by Shopify variant id, else by sku) and says what to
 * write. Ours that Shopify no longer lists at all (neither in full nor in `listedVariantIds`, the
 * payload's `variant_gids`, which names the variants past the first 100) are marked sold out
 * rather than deleted, so their price history stays; one named only by its gid is left as it is. Unmatched Shopify variants become new variants only on a draft; on a
 * product shoppers can see they are skipped. Throws RangeError when ours are priced in another
 * currency than the Shopify shop.
 */
export async function variantChanges(
  tx: Tx,
  product: LinkedProduct,
  incoming: readonly IncomingVariant[],
  shopCurrency: string,
  listedVariantIds: ReadonlySet<string>,
): Promise<VariantChanges> {
  const changes: VariantChanges = { edits: [], added: [], skipped: [] };
  const matched = new Set<number>();
  const skusInBatch = new Set<string>();
  for (const variant of incoming) {
    const ours =
      product.variants.find((v) => v.shopifyVariantId === variant.shopifyVariantId) ??
      product.variants.find((v) => v.shopifyVariantId === null && !matched.has(v.id) && v.sku === variant.sku);
    if (ours && ours.currency !== shopCurrency) {
      throw new RangeError(`variant ${ours.sku} is priced in ${ours.currency}, the Shopify shop in ${shopCurrency}`);
    }
    const { shopifyVariantId, price, compareAtPrice, stock } = variant;
    if (ours) {
      matched.add(ours.id);
      // Shopify's placeholder would replace the title we gave the variant with nothing better.
      const title = variant.title === PLACEHOLDER_TITLE ? undefined : variant.title;
      changes.edits.push({ id: ours.id, title, price, compareAtPrice, stock, shopifyVariantId });
    } else if (product.status !== 'DRAFT') {
      changes.skipped.push(variant);
    } else {
      const sku = await freeSku(tx, variant.sku ?? `shopify-${shopifyVariantId}`, shopifyVariantId, skusInBatch);
      skusInBatch.add(sku);
      const title = variant.title === PLACEHOLDER_TITLE ? product.title : variant.title;
      changes.added.push({ sku, title, price, currency: shopCurrency, compareAtPrice, stock, shopifyVariantId });
    }
  }
  for (const variant of product.variants) {
    const gone = variant.shopifyVariantId !== null && !listedVariantIds.has(variant.shopifyVariantId);
    if (gone && !matched.has(variant.id)) changes.edits.push({ id: variant.id, stock: 0 });
  }
  return changes;
}

/**
 * Skus are unique across the catalog, and Shopify lets variants share one: a sku another
 * product, or an earlier variant of this delivery, already uses gets the variant's id instead.
 */
async function freeSku(tx: Tx, sku: string, shopifyVariantId: string, inBatch: ReadonlySet<string>): Promise<string> {
  const wanted = sku.slice(0, 64);
  const taken = inBatch.has(wanted) || (await tx.variant.findUnique({ where: { sku: wanted }, select: { id: true } }));
  return taken ? `shopify-${shopifyVariantId}` : wanted;
}
