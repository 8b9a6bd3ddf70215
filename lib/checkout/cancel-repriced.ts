/**
 * The other half of "the price charged is the database's": a price that changes while a shopper
 * is on the payment page. Once the change commits, every checkout still holding stock at a price
 * (or currency) the database no longer has stops holding it, and its payment page is closed at
 * Stripe. If the shopper pays anyway in the moment before Stripe closes it, the order is recorded
 * and flagged (CHECKOUT_NOT_HELD, PRICE_DIFFERS): never silently accepted.
 */
import { getDb } from '../db';
import { expireStripeSessions } from './start-checkout';

export async function cancelCheckoutsAtOldPrices(variantIds: readonly number[]): Promise<number> {
  if (variantIds.length === 0) return 0;
  const cancelled = await getDb().$queryRaw<{ stripeSessionId: string | null }[]>`
    UPDATE "Checkout" c SET status = 'EXPIRED'
    WHERE c.status IN ('CREATING', 'OPEN') AND EXISTS (
      SELECT 1 FROM "CheckoutLine" l JOIN "Variant" v ON v.id = l."variantId"
      WHERE l."checkoutId" = c.id AND l."variantId" = ANY(${[...variantIds]}::int[])
        AND (v.price <> l."unitPrice" OR v.currency <> c.currency))
    RETURNING c."stripeSessionId"`;
  await expireStripeSessions(cancelled.flatMap((row) => (row.stripeSessionId ? [row.stripeSessionId] : [])));
  return cancelled.length;
}
