import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripePrice } from '../../testing/stripe/fixtures/price';
import { createStripeStub, type StartedStripeStub } from '../../testing/stripe/stub-server';
import { addToCart, readCart } from '../cart/cart';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import { getDb } from '../db';
import { PricesChangedError, StockShortError, startCheckout } from './start-checkout';

// The real SDK, pointed at the stand-in (lib/stripe/client.ts reads these on each call).
const stub = createStripeStub();
let started: StartedStripeStub;
const PREFIX = `chk-${Date.now().toString(36)}`;
const ORIGIN = 'https://shop.test';
let seq = 0;

beforeAll(async () => {
  started = await stub.start();
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: 'sk_test_unit',
    STRIPE_API_HOST: '127.0.0.1',
    STRIPE_API_PORT: String(started.port),
    STRIPE_API_PROTOCOL: 'http',
  });
});

afterAll(async () => {
  await started.close();
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

async function variant(price: number, stock: number, stripePriceId?: string) {
  seq += 1;
  const product = await getDb().product.create({
    data: {
      slug: `${PREFIX}-${seq}`,
      title: `Product ${seq}`,
      status: 'ACTIVE',
      variants: { create: { sku: `${PREFIX}-${seq}`, title: 'Default', price, currency: 'USD', stock, stripePriceId } },
    },
    include: { variants: true },
  });
  return product.variants[0]!;
}

/** The shop's copy of a Stripe price, as the price webhooks keep it: active, one-time, in USD. */
async function rememberStripePrice(price: Stripe.Price) {
  await getDb().stripePrice.create({
    data: {
      id: price.id,
      stripeProductId: typeof price.product === 'string' ? price.product : price.product.id,
      currency: 'USD',
      unitAmount: price.unit_amount,
      recurring: false,
      active: true,
      stripeCreatedAt: new Date(),
      eventAt: new Date(),
    },
  });
}

const lastCreate = () =>
  stub.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)?.body;

describe('startCheckout', () => {
  it('asks Stripe for the database price, reserves the stock and links the checkout', async () => {
    const v = await variant(2500, 3);
    const { token } = await addToCart(undefined, { variantId: v.id, quantity: 2, seenPrice: null });
    const { url } = await startCheckout(token, ORIGIN);
    const sessionId = url.split('/').pop()!;
    expect(lastCreate()).toMatchObject({
      mode: 'payment',
      'line_items[0][price_data][unit_amount]': '2500',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][quantity]': '2',
      success_url: `${ORIGIN}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${ORIGIN}/cart`,
    });
    const checkout = await getDb().checkout.findUniqueOrThrow({
      where: { stripeSessionId: sessionId },
      include: { lines: true },
    });
    expect(checkout).toMatchObject({ status: 'OPEN', amountTotal: 5000, currency: 'USD' });
    expect(lastCreate()?.['metadata[checkout_id]']).toBe(checkout.id);
    expect(checkout.lines).toMatchObject([{ variantId: v.id, quantity: 2, unitPrice: 2500 }]);

    // 3 in stock, 2 held: another cart can have 1, not 2.
    const other = await addToCart(undefined, { variantId: v.id, quantity: 2, seenPrice: null });
    await expect(startCheckout(other.token, ORIGIN)).rejects.toBeInstanceOf(StockShortError);
  });

  it('answers 409 with old and new prices when the database price is not the one seen, and reserves nothing', async () => {
    const v = await variant(1000, 5);
    const { token } = await addToCart(undefined, {
      variantId: v.id,
      quantity: 1,
      seenPrice: { amount: 900, currency: 'USD' },
    });
    const error = await startCheckout(token, ORIGIN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PricesChangedError);
    expect((error as PricesChangedError).changes).toEqual([
      expect.objectContaining({ seen: { amount: 900, currency: 'USD' }, now: { amount: 1000, currency: 'USD' } }),
    ]);
    expect(await getDb().checkoutLine.count({ where: { variantId: v.id } })).toBe(0);
    expect((await readCart(token)).lines[0]?.priceChanged).toBe(true);
  });

  it("uses the linked Stripe price only while its amount is the database's", async () => {
    const linked = stripePrice({ unit_amount: 1500, metadata: { sku: 'x' } });
    stub.setPrice(linked);
    await rememberStripePrice(linked);
    const v = await variant(1500, 5, linked.id);
    const first = await addToCart(undefined, { variantId: v.id, quantity: 1, seenPrice: null });
    await startCheckout(first.token, ORIGIN);
    expect(lastCreate()).toMatchObject({ 'line_items[0][price]': linked.id });

    await getDb().variant.update({ where: { id: v.id }, data: { price: 1600 } });
    const second = await addToCart(undefined, { variantId: v.id, quantity: 1, seenPrice: null });
    await startCheckout(second.token, ORIGIN);
    expect(lastCreate()).toMatchObject({ 'line_items[0][price_data][unit_amount]': '1600' });
    expect(lastCreate()?.['line_items[0][price]']).toBeUndefined();
    await getDb().stripePrice.delete({ where: { id: linked.id } });
  });

  it('charges in the database currency: Adaptive Pricing is off', async () => {
    const v = await variant(900, 2);
    const { token } = await addToCart(undefined, { variantId: v.id, quantity: 1, seenPrice: null });
    await startCheckout(token, ORIGIN);
    expect(lastCreate()).toMatchObject({ 'adaptive_pricing[enabled]': 'false' });
  });

  it('a price change closes the payment pages opened at the old price and frees their stock', async () => {
    const v = await variant(4000, 1);
    const { token } = await addToCart(undefined, { variantId: v.id, quantity: 1, seenPrice: null });
    const sessionId = (await startCheckout(token, ORIGIN)).url.split('/').pop()!;
    await commitCatalogChange({ source: 'ADMIN', actor: 'owner@shop.test' }, async (scope) => {
      await scope.lockProducts([v.productId]);
      await scope.tx.variant.update({ where: { id: v.id }, data: { price: 4500 } });
      scope.markChanged(v.productId);
    });
    expect((await getDb().checkout.findUniqueOrThrow({ where: { stripeSessionId: sessionId } })).status).toBe(
      'EXPIRED',
    );
    expect(stub.checkoutSessions.get(sessionId)?.status).toBe('expired');
    // The unit is free again for a shopper who has seen the new price.
    const other = await addToCart(undefined, { variantId: v.id, quantity: 1, seenPrice: null });
    expect((await startCheckout(other.token, ORIGIN)).url).toContain('/c/pay/');
  });

  it('a price change of another product leaves a payment page open', async () => {
    const v = await variant(4100, 1);
    const unrelated = await variant(100, 1);
    const { token } = await addToCart(undefined, { variantId: v.id, quantity: 1, seenPrice: null });
    const sessionId = (await startCheckout(token, ORIGIN)).url.split('/').pop()!;
    await commitCatalogChange({ source: 'ADMIN', actor: 'owner@shop.test' }, async (scope) => {
      await scope.lockProducts([unrelated.productId]);
      await scope.tx.variant.update({ where: { id: unrelated.id }, data: { price: 200 } });
      scope.markChanged(unrelated.productId);
    });
    expect((await getDb().checkout.findUniqueOrThrow({ where: { stripeSessionId: sessionId } })).status).toBe('OPEN');
  });

  it('prices from the database when Stripe refuses a linked price the shop still thinks active', async () => {
    const archived = stripePrice({ unit_amount: 2200, active: false, metadata: { sku: 'y' } });
    stub.setPrice(archived);
    // The archiving event has not reached the shop yet: its copy still says active.
    await rememberStripePrice(archived);
    const v = await variant(2200, 3, archived.id);
    const { token } = await addToCart(undefined, { variantId: v.id, quantity: 2, seenPrice: null });
    const { url } = await startCheckout(token, ORIGIN);
    expect(lastCreate()).toMatchObject({
      'line_items[0][price_data][unit_amount]': '2200',
      'line_items[0][quantity]': '2',
    });
    expect(lastCreate()?.['line_items[0][price]']).toBeUndefined();
    const checkout = await getDb().checkout.findUniqueOrThrow({
      where: { stripeSessionId: url.split('/').pop()! },
      include: { lines: true },
    });
    expect(checkout.status).toBe('OPEN');
    expect(checkout.lines).toMatchObject([{ unitPrice: 2200, stripePriceId: null }]);
    await getDb().stripePrice.delete({ where: { id: archived.id } });
  });

  it('releases the reservation when Stripe cannot be reached', async () => {
    const v = await variant(800, 1);
    const { token } = await addToCart(undefined, { variantId: v.id, quantity: 1, seenPrice: null });
    stub.failNext(500, 10);
    await expect(startCheckout(token, ORIGIN)).rejects.toMatchObject({ status: 502 });
    stub.failNext(500, 0);
    const checkouts = await getDb().checkout.findMany({ where: { lines: { some: { variantId: v.id } } } });
    expect(checkouts.map((c) => c.status)).toEqual(['FAILED']);
    const again = await addToCart(undefined, { variantId: v.id, quantity: 1, seenPrice: null });
    const { url } = await startCheckout(again.token, ORIGIN);
    expect(url).toContain('/c/pay/');
  });
});
