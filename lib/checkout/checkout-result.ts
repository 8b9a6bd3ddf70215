/**
 * What the page Stripe sends a paying shopper back to can say. The order is recorded from
 * Stripe's signed event, which may arrive a moment after the shopper: until then the checkout's
 * own lines are shown as "being recorded". The session id in the link is the only key, as on
 * Stripe's own receipts; the page shows no personal data.
 */
import { variantLineName } from '../catalog/variant-rows';
import { getDb } from '../db';
import type { Money } from '../money/money';

export interface CheckoutResult {
  orderNumber: number | null;
  status: 'PAID' | 'AWAITING_PAYMENT' | 'PAYMENT_FAILED' | 'PROCESSING';
  lines: { sku: string; title: string; quantity: number; lineTotal: Money }[];
  total: Money;
}

export async function readCheckoutResult(sessionId: string): Promise<CheckoutResult | null> {
  if (!/^cs_[A-Za-z0-9_]{1,250}$/.test(sessionId)) return null;
  const db = getDb();
  const order = await db.order.findUnique({
    where: { stripeSessionId: sessionId },
    include: { lines: { orderBy: { id: 'asc' } } },
  });
  if (order) {
    return {
      orderNumber: order.id,
      status: order.status,
      lines: order.lines.map((l) => ({
        sku: l.sku,
        title: l.title,
        quantity: l.quantity,
        lineTotal: { amount: l.unitAmount * l.quantity, currency: order.currency },
      })),
      total: { amount: order.amountTotal, currency: order.currency },
    };
  }
  const checkout = await db.checkout.findUnique({
    where: { stripeSessionId: sessionId },
    include: {
      lines: {
        orderBy: { variantId: 'asc' },
        include: {
          variant: {
            select: {
              sku: true,
              title: true,
              product: { select: { title: true, _count: { select: { variants: true } } } },
            },
          },
        },
      },
    },
  });
  if (!checkout) return null;
  return {
    orderNumber: null,
    status: 'PROCESSING',
    lines: checkout.lines.map((l) => ({
      sku: l.variant.sku,
      title: variantLineName(l.variant.product.title, l.variant.title, l.variant.product._count.variants),
      quantity: l.quantity,
      lineTotal: { amount: l.unitPrice * l.quantity, currency: checkout.currency },
    })),
    total: { amount: checkout.amountTotal, currency: checkout.currency },
  };
}
