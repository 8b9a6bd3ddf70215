/**
 * Rules about variant rows that checkout, orders and the cart share, kept in one place.
 */
import type { Tx } from '../transaction';

/**
 * Locks variant rows in id order: the order every checkout and every order recording takes, so
 * two of them wanting the same variants queue instead of deadlocking (docs/checkout.md).
 */
export async function lockVariantRows(tx: Tx, variantIds: readonly number[]): Promise<void> {
  if (variantIds.length === 0) return;
  await tx.$queryRaw`SELECT id FROM "Variant" WHERE id = ANY(${[...variantIds]}::int[]) ORDER BY id FOR UPDATE`;
}

/** How a line names a variant to the shopper: the product, and the variant's title when it has siblings. */
export function variantLineName(productTitle: string, variantTitle: string, variantsOfProduct: number): string {
  return variantsOfProduct > 1 ? `${productTitle} (${variantTitle})` : productTitle;
}
