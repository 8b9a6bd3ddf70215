import { feedPieceOf, feedPiecePath, sitemapPiecePath, sitemapProductPieceOf } from '../storefront/paths';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import { getDb } from '../db';
import { readStripeEvent } from '../stripe/read-event';
import type { StripeCheckoutEventType } from '../stripe/objects';
import { applyCheckoutEvent } from './apply-checkout-event';

const PREFIX = `ord-${Date.now().toString(36)}`;
const author = { source: 'STRIPE' as const, actor: 'stripe' };
let categoryId = 0;
let seq = 0;

beforeAll(async () => {
  categoryId = (await getDb().category.create({ data: { slug: `${PREFIX}-cat`, name: 'Orders test' } })).id;
});

afterAll(async () => {
  await getDb().order.deleteMany({ where: { stripeSessionId: { startsWith: `cs_test_${PREFIX}` } } });
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().category.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

interface Fixture {
  variantId: number;
  productId: number;
  productSlug: string;
  checkoutId: string;
  sessionId: string;
  cartId: string;
}

/** A listed product with `stock`, a cart holding `quantity` of it, and an open checkout for them at `price`. */
async function openCheckout(stock: number, quantity: number, price = 2500, featured = false): Promise<Fixture> {
  seq += 1;
  const slug = `${PREFIX}-p${seq}`;
  const product = await getDb().product.create({
    data: {
      slug,
      title: `Product ${seq}`,
      status: 'ACTIVE',
      featured,
      variants: { create: { sku: `${slug}-v`, title: 'Default', price, currency: 'USD', stock } },
      categories: { create: { categoryId, position: seq * 10 } },
    },
    include: { variants: true },
  });
  const variantId = product.variants[0]!.id;
  const cartId = `${PREFIX}-${seq}-`.padEnd(64, '0');
  await getDb().cart.create({
    data: {
      id: cartId,
      expiresAt: new Date(Date.now() + 86_400_000),
      lines: { create: { variantId, quantity, seenPrice: price, seenCurrency: 'USD' } },
    },
  });
  const checkoutId = randomUUID();
  const sessionId = `cs_test_${PREFIX}_${seq}`;
  await getDb().checkout.create({
    data: {
      id: checkoutId,
      cartId,
      stripeSessionId: sessionId,
      status: 'OPEN',
      currency: 'USD',
      amountTotal: price * quantity,
      expiresAt: new Date(Date.now() + 31 * 60_000),
      lines: { create: { variantId, quantity, unitPrice: price } },
    },
  });
  return { variantId, productId: product.id, productSlug: slug, checkoutId, sessionId, cartId };
}

let eventSeq = 0;
/** An event body shaped like Stripe's, read by the same reader the inbox uses. */
function checkoutEvent(
  type: StripeCheckoutEventType,
  f: Pick<Fixture, 'sessionId' | 'checkoutId'>,
  session: { amount: number; paymentStatus?: 'paid' | 'unpaid'; currency?: string } = { amount: 0 },
) {
  eventSeq += 1;
  const body = {
    id: `evt_${PREFIX}_${eventSeq}`,
    object: 'event',
    api_version: '2025-10-29.clover',
    created: 1_780_000_000 + eventSeq,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: {
      object: {
        id: f.sessionId,
        object: 'checkout.session',
        status: type === 'checkout.session.expired' ? 'expired' : 'complete',
        payment_status: session.paymentStatus ?? 'paid',
        mode: 'payment',
        amount_subtotal: session.amount,
        amount_total: session.amount,
        currency: session.currency ?? 'usd',
        client_reference_id: f.checkoutId,
        metadata: { checkout_id: f.checkoutId },
        customer_details: { email: 'shopper@example.com' },
        payment_intent: 'pi_123',
        created: 1_780_000_000,
      },
    },
  };
  const read = readStripeEvent(body);
  if (read.kind !== 'catalog') throw new Error('not read');
  return read.event as Extract<typeof read.event, { type: StripeCheckoutEventType }>;
}

async function apply(event: ReturnType<typeof checkoutEvent>) {
  return commitCatalogChange({ ...author, eventId: event.id }, (scope) =>
    applyCheckoutEvent(scope, event.type, event.data.object, event.id),
  );
}

const stockOf = async (variantId: number) =>
  (await getDb().variant.findUniqueOrThrow({ where: { id: variantId } })).stock;
const ordersOf = (sessionId: string) =>
  getDb().order.findMany({ where: { stripeSessionId: sessionId }, include: { lines: true } });

describe('checkout.session.completed', () => {
  it('records the order at the amounts asked of Stripe, sells the stock, releases the reservation and empties the cart', async () => {
    const f = await openCheckout(50, 2);
    const { value, paths } = await apply(checkoutEvent('checkout.session.completed', f, { amount: 5000 }));
    expect(value.outcome).toBe('APPLIED');
    const [order] = await ordersOf(f.sessionId);
    expect(order).toMatchObject({
      status: 'PAID',
      currency: 'USD',
      amountTotal: 5000,
      flags: [],
      email: 'shopper@example.com',
    });
    expect(order?.lines).toMatchObject([
      { variantId: f.variantId, quantity: 2, unitAmount: 2500, databasePrice: 2500 },
    ]);
    expect(await stockOf(f.variantId)).toBe(48);
    expect((await getDb().checkout.findUniqueOrThrow({ where: { id: f.checkoutId } })).status).toBe('COMPLETE');
    expect(await getDb().cartLine.count({ where: { cartId: f.cartId } })).toBe(0);
    // 50 -> 48 is "In stock" before and after: no page shows a difference.
    expect(paths).toEqual([]);
    const audit = await getDb().stockChange.findMany({ where: { variantId: f.variantId } });
    expect(audit).toMatchObject([{ oldStock: 50, newStock: 48, source: 'STRIPE' }]);
  });

  it('selling the last unit purges the product page and the listing page holding it (and home when featured)', async () => {
    const f = await openCheckout(1, 1, 2500, true);
    const { paths } = await apply(checkoutEvent('checkout.session.completed', f, { amount: 2500 }));
    expect(await stockOf(f.variantId)).toBe(0);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/',
        `/products/${f.productSlug}`,
        `/categories/${PREFIX}-cat`,
        feedPiecePath(feedPieceOf(f.productId)),
        sitemapPiecePath({ kind: 'home' }),
        sitemapPiecePath({ kind: 'category', categoryId: categoryId }),
        sitemapPiecePath({ kind: 'products', piece: sitemapProductPieceOf(f.productId) }),
      ]),
    );
    expect(paths).toHaveLength(7);
    const requested = await getDb().purgeRequest.findMany({ where: { path: { in: paths } }, distinct: ['path'] });
    expect(requested).toHaveLength(7);
  });

  it('a replay with another event id and an out-of-order repeat record one order and sell the stock once', async () => {
    const f = await openCheckout(10, 3);
    await apply(checkoutEvent('checkout.session.completed', f, { amount: 7500 }));
    const again = await apply(checkoutEvent('checkout.session.completed', f, { amount: 7500 }));
    expect(again.value.outcome).toBe('IGNORED');
    const late = await apply(checkoutEvent('checkout.session.async_payment_succeeded', f, { amount: 7500 }));
    expect(late.value.outcome).toBe('IGNORED');
    expect(await ordersOf(f.sessionId)).toHaveLength(1);
    expect(await stockOf(f.variantId)).toBe(7);
  });

  it('flags a charge that differs from the database price, and a sale the stock did not cover', async () => {
    const f = await openCheckout(1, 2);
    // The reservation held 2 of 1 (stock lowered after checkout started), and the price moved since.
    await getDb().variant.update({ where: { id: f.variantId }, data: { price: 2700 } });
    await apply(checkoutEvent('checkout.session.completed', f, { amount: 5000 }));
    const [order] = await ordersOf(f.sessionId);
    expect(order?.flags.sort()).toEqual(['OVERSOLD', 'PRICE_DIFFERS']);
    expect(order?.flagDetail).toContain('sold 2 with 1 in stock');
    expect(order?.lines[0]).toMatchObject({ unitAmount: 2500, databasePrice: 2700 });
    expect(await stockOf(f.variantId)).toBe(0);
  });

  it('flags a subtotal Stripe charged that is not what the checkout asked for', async () => {
    const f = await openCheckout(5, 1);
    await apply(checkoutEvent('checkout.session.completed', f, { amount: 100 }));
    expect((await ordersOf(f.sessionId))[0]?.flags).toEqual(['TOTAL_DIFFERS']);
  });

  it('flags a session no checkout of ours made, and changes no stock', async () => {
    const f = { sessionId: `cs_test_${PREFIX}_unknown`, checkoutId: randomUUID() };
    const { value } = await apply(checkoutEvent('checkout.session.completed', f, { amount: 1234 }));
    expect(value.detail).toContain('UNKNOWN_CHECKOUT');
    expect((await ordersOf(f.sessionId))[0]).toMatchObject({ flags: ['UNKNOWN_CHECKOUT'], amountTotal: 1234 });
  });
});

describe('payments of checkouts that no longer hold stock', () => {
  it('flags the order of a checkout a newer attempt replaced (the cart may be paid twice)', async () => {
    const f = await openCheckout(10, 1);
    await getDb().checkout.update({ where: { id: f.checkoutId }, data: { status: 'EXPIRED' } });
    await apply(checkoutEvent('checkout.session.completed', f, { amount: 2500 }));
    const [order] = await ordersOf(f.sessionId);
    expect(order?.flags).toEqual(['CHECKOUT_NOT_HELD']);
    expect(order?.flagDetail).toContain('paid twice');
  });

  it('flags the order of a checkout past its time', async () => {
    const f = await openCheckout(10, 1);
    await getDb().checkout.update({ where: { id: f.checkoutId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await apply(checkoutEvent('checkout.session.completed', f, { amount: 2500 }));
    expect((await ordersOf(f.sessionId))[0]?.flags).toEqual(['CHECKOUT_NOT_HELD']);
  });
});

describe('delayed payments', () => {
  it('a failure delivered first records the failed order, sells nothing and leaves the cart', async () => {
    const f = await openCheckout(10, 2);
    await apply(checkoutEvent('checkout.session.async_payment_failed', f, { amount: 5000, paymentStatus: 'unpaid' }));
    expect((await ordersOf(f.sessionId)).map((o) => o.status)).toEqual(['PAYMENT_FAILED']);
    expect(await stockOf(f.variantId)).toBe(10);
    expect(await getDb().cartLine.count({ where: { cartId: f.cartId } })).toBe(1);
  });

  it('awaits the payment, then a failure puts the stock back once', async () => {
    const f = await openCheckout(10, 4);
    await apply(checkoutEvent('checkout.session.completed', f, { amount: 10000, paymentStatus: 'unpaid' }));
    expect((await ordersOf(f.sessionId))[0]?.status).toBe('AWAITING_PAYMENT');
    expect(await stockOf(f.variantId)).toBe(6);
    await apply(checkoutEvent('checkout.session.async_payment_failed', f, { amount: 10000, paymentStatus: 'unpaid' }));
    await apply(checkoutEvent('checkout.session.async_payment_failed', f, { amount: 10000, paymentStatus: 'unpaid' }));
    expect((await ordersOf(f.sessionId))[0]?.status).toBe('PAYMENT_FAILED');
    expect(await stockOf(f.variantId)).toBe(10);
  });

  it('a success delivered before the completion records one paid order', async () => {
    const f = await openCheckout(10, 1);
    await apply(checkoutEvent('checkout.session.async_payment_succeeded', f, { amount: 2500 }));
    await apply(checkoutEvent('checkout.session.completed', f, { amount: 2500, paymentStatus: 'unpaid' }));
    const orders = await ordersOf(f.sessionId);
    expect(orders.map((o) => o.status)).toEqual(['PAID']);
    expect(await stockOf(f.variantId)).toBe(9);
  });
});

describe('checkout.session.expired', () => {
  it('releases the reservation and records nothing else', async () => {
    const f = await openCheckout(3, 3);
    const { value, paths } = await apply(checkoutEvent('checkout.session.expired', f));
    expect(value.outcome).toBe('APPLIED');
    expect(paths).toEqual([]);
    expect((await getDb().checkout.findUniqueOrThrow({ where: { id: f.checkoutId } })).status).toBe('EXPIRED');
    expect(await stockOf(f.variantId)).toBe(3);
    expect(await ordersOf(f.sessionId)).toHaveLength(0);
  });
});
