/**
 * The audit log (PriceChange and StockChange rows). Writers do not write it: the change road
 * snapshots the prices and stock of every product a change locks, before and after, and records
 * each difference here, in the change's transaction, whoever the author.
 */
import type { Tx } from '../transaction';
import type { ChangeAuthor } from './change-scope';

export interface VariantPrice {
  id: number;
  productId: number;
  sku: string;
  currency: string;
  price: number;
  compareAtPrice: number | null;
  stock: number;
}

export function readVariantPrices(tx: Tx, productIds: readonly number[]): Promise<VariantPrice[]> {
  return tx.variant.findMany({
    where: { productId: { in: [...productIds] } },
    select: { id: true, productId: true, sku: true, currency: true, price: true, compareAtPrice: true, stock: true },
    orderBy: { id: 'asc' },
  });
}

/** A variant's price or compare-at price before and after a change. */
export interface PriceDifference {
  productId: number;
  variantId: number;
  sku: string;
  currency: string;
  oldPrice: number;
  newPrice: number;
  oldCompareAtPrice: number | null;
  newCompareAtPrice: number | null;
}

/** A variant's stock before and after a change. */
export interface StockDifference {
  productId: number;
  variantId: number;
  sku: string;
  oldStock: number;
  newStock: number;
}

/** One per variant whose price or compare-at price differs; new variants have no "before". */
export function priceDifferences(
  before: ReadonlyMap<number, VariantPrice>,
  after: readonly VariantPrice[],
): PriceDifference[] {
  return after.flatMap((variant) => {
    const was = before.get(variant.id);
    if (!was || (was.price === variant.price && was.compareAtPrice === variant.compareAtPrice)) return [];
    return [
      {
        productId: variant.productId,
        variantId: variant.id,
        sku: was.sku,
        currency: was.currency,
        oldPrice: was.price,
        newPrice: variant.price,
        oldCompareAtPrice: was.compareAtPrice,
        newCompareAtPrice: variant.compareAtPrice,
      },
    ];
  });
}

/** One per variant whose stock differs; new variants have no "before". */
export function stockDifferences(
  before: ReadonlyMap<number, VariantPrice>,
  after: readonly VariantPrice[],
): StockDifference[] {
  return after.flatMap((variant) => {
    const was = before.get(variant.id);
    if (!was || was.stock === variant.stock) return [];
    return [
      {
        productId: variant.productId,
        variantId: variant.id,
        sku: was.sku,
        oldStock: was.stock,
        newStock: variant.stock,
      },
    ];
  });
}

/**
 * One INSERT ... SELECT over arrays, however many rows (a bulk job's batch writes hundreds): the
 * author is the same for all of them, so it is bound once.
 */
export async function insertPriceChanges(
  tx: Tx,
  rows: readonly PriceDifference[],
  author: ChangeAuthor,
): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof PriceDifference>(key: K) => rows.map((row) => row[key]);
  await tx.$executeRaw`
    INSERT INTO "PriceChange" ("productId", "variantId", sku, currency, "oldPrice", "newPrice", "oldCompareAtPrice",
      "newCompareAtPrice", source, actor, "adminUserId", "eventId", "bulkJobId")
    SELECT r.*, ${author.source}::"PriceChangeSource", ${author.actor}, ${author.adminUserId ?? null}::int,
      ${author.eventId ?? null}, ${author.bulkJobId ?? null}::int
    FROM unnest(${column('productId')}::int[], ${column('variantId')}::int[], ${column('sku')}::text[],
      ${column('currency')}::text[], ${column('oldPrice')}::int[], ${column('newPrice')}::int[],
      ${column('oldCompareAtPrice')}::int[], ${column('newCompareAtPrice')}::int[])
      AS r("productId", "variantId", sku, currency, "oldPrice", "newPrice", "oldCompareAtPrice", "newCompareAtPrice")`;
}

/** The stock log's rows, the same way. Bulk jobs change prices, never stock: it has no job column. */
export async function insertStockChanges(
  tx: Tx,
  rows: readonly StockDifference[],
  author: ChangeAuthor,
): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof StockDifference>(key: K) => rows.map((row) => row[key]);
  await tx.$executeRaw`
    INSERT INTO "StockChange" ("productId", "variantId", sku, "oldStock", "newStock", source, actor, "adminUserId", "eventId")
    SELECT r.*, ${author.source}::"PriceChangeSource", ${author.actor}, ${author.adminUserId ?? null}::int,
      ${author.eventId ?? null}
    FROM unnest(${column('productId')}::int[], ${column('variantId')}::int[], ${column('sku')}::text[],
      ${column('oldStock')}::int[], ${column('newStock')}::int[])
      AS r("productId", "variantId", sku, "oldStock", "newStock")`;
}
