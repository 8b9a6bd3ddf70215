/**
 * The audit log (PriceChange and StockChange rows). Writers do not write it: the change road
 * snapshots the prices and stock of every product a change locks, before and after, and records
 * each difference here, in the change's transaction, whoever the author.
 */
import type { Prisma } from '../generated/prisma/client';
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

/** One row per variant whose price or compare-at price differs; new variants have no "before". */
export function priceChangeRows(
  before: ReadonlyMap<number, VariantPrice>,
  after: readonly VariantPrice[],
  author: ChangeAuthor,
): Prisma.PriceChangeCreateManyInput[] {
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
        ...author,
      },
    ];
  });
}

/** One row per variant whose stock differs; new variants have no "before". */
export function stockChangeRows(
  before: ReadonlyMap<number, VariantPrice>,
  after: readonly VariantPrice[],
  author: ChangeAuthor,
): Prisma.StockChangeCreateManyInput[] {
  // Bulk jobs change prices, never stock: the stock log has no job column.
  const who = { source: author.source, actor: author.actor, adminUserId: author.adminUserId, eventId: author.eventId };
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
        ...who,
      },
    ];
  });
}
