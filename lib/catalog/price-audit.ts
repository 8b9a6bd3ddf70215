/**
 * The audit log's one row shape: every writer (product form, bulk change, Stripe, Shopify)
 * builds its PriceChange rows here, inside the transaction that changes the price.
 */
import type { Prisma } from '../generated/prisma/client';

/** Who made a change, as the audit log records it. */
export interface ChangeAuthor {
  source: 'ADMIN' | 'STRIPE' | 'SHOPIFY';
  actor: string;
  adminUserId?: number;
  eventId?: string;
}

export interface AuditedVariant {
  id: number;
  sku: string;
  currency: string;
  price: number;
  compareAtPrice: number | null;
}

/** The audit row for `variant` (as it was) moving to `next`. */
export function priceChangeRow(
  productId: number,
  variant: AuditedVariant,
  next: { price: number; compareAtPrice: number | null },
  author: ChangeAuthor,
): Prisma.PriceChangeCreateManyInput {
  return {
    productId,
    variantId: variant.id,
    sku: variant.sku,
    currency: variant.currency,
    oldPrice: variant.price,
    newPrice: next.price,
    oldCompareAtPrice: variant.compareAtPrice,
    newCompareAtPrice: next.compareAtPrice,
    ...author,
  };
}
