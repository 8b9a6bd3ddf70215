/**
 * Orders from Stripe's signed Checkout events, applied by the webhook inbox through the change
 * road (so a sale's stock change purges exactly the pages whose stock state it changes):
 *
 *   checkout.session.completed              the order, its lines at the amounts asked of Stripe,
 *                                           the stock sold, the reservation released, the cart emptied
 *   checkout.session.async_payment_succeeded  a delayed payment arrived: the order is paid
 *   checkout.session.async_payment_failed     it failed: the order says so and the stock goes back
 *   checkout.session.expired                the reservation is released
 *
 * One order per session (a unique key), and each event moves it only forward, so a replayed or
 * out-of-order event records one order and sells the stock once. The inbox makes a redelivery
 * of one event a no-op before this runs. What does not add up is flagged, never dropped.
 */
import type { CatalogChangeScope } from '../catalog/change-scope';
import { lockVariantRows, variantLineName } from '../catalog/variant-rows';
import type { OrderFlag, OrderStatus } from '../generated/prisma/client';
import type { StripeCheckoutEventType, StripeCheckoutSessionObject } from '../stripe/objects';
import type { Tx } from '../transaction';
import { ignoredDelivery, type DeliveryEffect } from '../webhooks/apply-delivery';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const checkoutWithLines = {
  lines: {
    orderBy: { variantId: 'asc' },
    include: {
      variant: {
        select: {
          id: true,
          productId: true,
          sku: true,
          title: true,
          price: true,
          currency: true,
          stock: true,
          product: { select: { title: true, _count: { select: { variants: true } } } },
        },
      },
    },
  },
} as const;

export async function applyCheckoutEvent(
  scope: CatalogChangeScope,
  type: StripeCheckoutEventType,
  session: StripeCheckoutSessionObject,
  eventId: string,
): Promise<DeliveryEffect> {
  if (session.mode !== 'payment') return ignoredDelivery(`a ${session.mode} session is not a purchase`);
  const checkoutId = await lockCheckout(scope.tx, session);
  if (type === 'checkout.session.expired') return releaseReservation(scope.tx, checkoutId, session);

  const target = statusAfter(type, session);
  const existing = await scope.tx.order.findUnique({
    where: { stripeSessionId: session.id },
    include: { lines: true },
  });
  if (!existing) return recordOrder(scope, checkoutId, session, target, eventId);
  if (existing.status !== 'AWAITING_PAYMENT' || target === 'AWAITING_PAYMENT') {
    return ignoredDelivery(`order #${existing.id} is already recorded (${existing.status})`);
  }
  if (target === 'PAYMENT_FAILED') await returnStock(scope, existing.lines);
  await scope.tx.order.update({
    where: { id: existing.id },
    data: { status: target, ...paymentDetails(session) },
  });
  return { outcome: 'APPLIED', detail: `order #${existing.id}: ${describeStatus(target)}` };
}

/** The order's status this event tells of. */
function statusAfter(
  type: Exclude<StripeCheckoutEventType, 'checkout.session.expired'>,
  session: StripeCheckoutSessionObject,
): OrderStatus {
  if (type === 'checkout.session.async_payment_failed') return 'PAYMENT_FAILED';
  if (type === 'checkout.session.async_payment_succeeded') return 'PAID';
  return session.payment_status === 'unpaid' ? 'AWAITING_PAYMENT' : 'PAID';
}

/** Our checkout for the session (by its id, else the id we gave Stripe), locked; null if we have none. */
async function lockCheckout(tx: Tx, session: StripeCheckoutSessionObject): Promise<string | null> {
  const ours = session.metadata?.checkout_id ?? session.client_reference_id ?? '';
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Checkout"
    WHERE "stripeSessionId" = ${session.id} OR (${UUID.test(ours)} AND id = ${UUID.test(ours) ? ours : null}::uuid)
    ORDER BY ("stripeSessionId" = ${session.id}) DESC NULLS LAST
    LIMIT 1 FOR UPDATE`;
  return rows[0]?.id ?? null;
}

async function releaseReservation(
  tx: Tx,
  checkoutId: string | null,
  session: StripeCheckoutSessionObject,
): Promise<DeliveryEffect> {
  if (!checkoutId) return ignoredDelivery(`no checkout of this shop made session ${session.id}`);
  const released = await tx.checkout.updateMany({
    where: { id: checkoutId, status: { in: ['CREATING', 'OPEN'] } },
    data: { status: 'EXPIRED', stripeSessionId: session.id },
  });
  return released.count > 0
    ? { outcome: 'APPLIED', detail: 'the session expired; its reserved stock is released' }
    : ignoredDelivery('the checkout no longer held stock');
}

async function recordOrder(
  scope: CatalogChangeScope,
  checkoutId: string | null,
  session: StripeCheckoutSessionObject,
  status: OrderStatus,
  eventId: string,
): Promise<DeliveryEffect> {
  const { tx } = scope;
  const checkout = checkoutId
    ? await tx.checkout.findUniqueOrThrow({ where: { id: checkoutId }, include: checkoutWithLines })
    : null;
  const lines = checkout?.lines ?? [];
  await scope.lockProducts(lines.map((line) => line.variant.productId));
  // The same row order as checkouts take, so a sale and a checkout queue instead of deadlocking.
  const variantIds = lines.map((line) => line.variantId);
  await lockVariantRows(tx, variantIds);
  const current = new Map(
    (
      await tx.variant.findMany({
        where: { id: { in: variantIds } },
        select: { id: true, price: true, currency: true, stock: true },
      })
    ).map((v) => [v.id, v]),
  );

  const flags = new Set<OrderFlag>();
  const notes: string[] = [];
  if (checkout && !(['CREATING', 'OPEN'].includes(checkout.status) && checkout.expiresAt > new Date())) {
    flags.add('CHECKOUT_NOT_HELD');
    notes.push(
      `The checkout no longer held its stock when Stripe completed it (${checkout.status.toLowerCase()}${checkout.expiresAt > new Date() ? '' : ', past its time'}): check that the cart was not paid twice.`,
    );
  }
  const charged = { subtotal: session.amount_subtotal ?? 0, total: session.amount_total ?? 0 };
  const currency = session.currency ?? checkout?.currency ?? '';
  if (!checkout) {
    flags.add('UNKNOWN_CHECKOUT');
    notes.push(`Stripe completed session ${session.id}, which no checkout of this shop made: its lines are unknown.`);
  } else {
    const asked = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
    if (charged.subtotal !== asked || currency !== checkout.currency) {
      flags.add('TOTAL_DIFFERS');
      notes.push(
        `Stripe charged a subtotal of ${charged.subtotal} ${currency}; the checkout asked for ${asked} ${checkout.currency}.`,
      );
    }
  }
  for (const line of lines) {
    const now = current.get(line.variantId)!;
    if (line.unitPrice !== now.price || checkout?.currency !== now.currency) {
      flags.add('PRICE_DIFFERS');
      notes.push(
        `${line.variant.sku} was charged ${line.unitPrice} ${checkout?.currency}; the database's price is now ${now.price} ${now.currency}.`,
      );
    }
    if (status !== 'PAYMENT_FAILED') {
      if (now.stock < line.quantity) {
        flags.add('OVERSOLD');
        notes.push(`${line.variant.sku}: sold ${line.quantity} with ${now.stock} in stock.`);
      }
      await sellStock(tx, line.variantId, line.variant.productId, Math.max(0, now.stock - line.quantity));
    }
  }
  if (checkout) {
    await tx.checkout.update({ where: { id: checkout.id }, data: { status: 'COMPLETE', stripeSessionId: session.id } });
    // A failed payment bought nothing: the shopper's cart stays as it was.
    if (checkout.cartId && status !== 'PAYMENT_FAILED') {
      await tx.cartLine.deleteMany({ where: { cartId: checkout.cartId, variantId: { in: variantIds } } });
    }
  }
  const order = await tx.order.create({
    data: {
      stripeSessionId: session.id,
      checkoutId: checkout?.id ?? null,
      status,
      currency,
      amountSubtotal: charged.subtotal,
      amountTotal: charged.total,
      flags: [...flags],
      flagDetail: notes.join('\n'),
      createdByEventId: eventId,
      ...paymentDetails(session),
      lines: {
        create: lines.map((line) => ({
          variantId: line.variantId,
          sku: line.variant.sku,
          title: variantLineName(line.variant.product.title, line.variant.title, line.variant.product._count.variants),
          quantity: line.quantity,
          unitAmount: line.unitPrice,
          databasePrice: current.get(line.variantId)!.price,
          databaseCurrency: current.get(line.variantId)!.currency,
        })),
      },
    },
  });
  const flagged = flags.size > 0 ? `; flagged ${[...flags].join(', ')}` : '';
  return { outcome: 'APPLIED', detail: `order #${order.id} recorded: ${describeStatus(status)}${flagged}` };
}

/** A failed delayed payment: the units it took go back on sale. */
async function returnStock(scope: CatalogChangeScope, lines: { variantId: number | null; quantity: number }[]) {
  const sold = lines.filter((line): line is { variantId: number; quantity: number } => line.variantId !== null);
  const variants = await scope.tx.variant.findMany({
    where: { id: { in: sold.map((line) => line.variantId) } },
    select: { id: true, productId: true },
  });
  await scope.lockProducts(variants.map((v) => v.productId));
  for (const line of sold) {
    const variant = variants.find((v) => v.id === line.variantId);
    if (!variant) continue;
    await scope.tx.variant.update({ where: { id: variant.id }, data: { stock: { increment: line.quantity } } });
    await bumpProductVersion(scope.tx, variant.productId);
  }
}

async function sellStock(tx: Tx, variantId: number, productId: number, stock: number): Promise<void> {
  await tx.variant.update({ where: { id: variantId }, data: { stock, version: { increment: 1 } } });
  await bumpProductVersion(tx, productId);
}

/** A product form opened before the sale must not write the old stock back: it gets a 409 instead. */
async function bumpProductVersion(tx: Tx, productId: number): Promise<void> {
  await tx.product.update({ where: { id: productId }, data: { version: { increment: 1 } } });
}

function paymentDetails(session: StripeCheckoutSessionObject) {
  return {
    email: session.customer_details?.email ?? null,
    stripePaymentIntentId: session.payment_intent ?? null,
  };
}

function describeStatus(status: OrderStatus): string {
  if (status === 'PAID') return 'paid';
  if (status === 'AWAITING_PAYMENT') return 'awaiting a delayed payment';
  return 'the delayed payment failed; the stock is back on sale';
}
