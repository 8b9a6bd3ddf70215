/**
 * Checkout on the Stripe stub, through the real SDK: sessions, the hosted page and the signed
 * events it sends to a webhook receiver run here.
 */
import { createServer, type Server } from 'node:http';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stripePrice, stripeProductWithPrice, unixNow } from './fixtures';
import { createStripeStub, type StartedStripeStub } from './stub-server';

const secret = 'whsec_checkout_test_secret';
let clockOffset = 0;
const stub = createStripeStub({ now: () => unixNow() + clockOffset });
let started: StartedStripeStub;
let stripe: Stripe;

/** The shop's webhook endpoint, as far as these tests need one: it keeps what it got. */
interface Delivery {
  body: string;
  signature: string;
}
const deliveries: Delivery[] = [];
let receiverStatus = 200;
let receiver: Server;
let receiverUrl: string;

beforeAll(async () => {
  started = await stub.start();
  stripe = new Stripe('sk_test_x', { host: '127.0.0.1', port: started.port, protocol: 'http', maxNetworkRetries: 0 });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: String(req.headers['stripe-signature']),
      });
      res.writeHead(receiverStatus, { 'Content-Type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  if (address === null || typeof address === 'string') throw new Error('no receiver address');
  receiverUrl = `http://127.0.0.1:${address.port}/api/webhooks/stripe`;
});

afterAll(async () => {
  await started.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(() => {
  stub.reset();
  stub.setWebhookTarget({ url: receiverUrl, secret });
  deliveries.length = 0;
  receiverStatus = 200;
  clockOffset = 0;
});

const urls = {
  success_url: 'http://localhost:3000/checkout/success?session_id={CHECKOUT_SESSION_ID}',
  cancel_url: 'http://localhost:3000/cart',
};

function teeLine(unitAmount = 2500, currency = 'usd', quantity = 2): Stripe.Checkout.SessionCreateParams.LineItem {
  return {
    quantity,
    price_data: {
      currency,
      unit_amount: unitAmount,
      product_data: { name: 'Classic Tee (L)', metadata: { sku: 'TEE-0001-L' } },
    },
  };
}

function createSession(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({ mode: 'payment', line_items: [teeLine()], ...urls, ...overrides });
}

/** The event a delivery carried, after checking its signature as the shop does. */
function verified(delivery: Delivery | undefined): Stripe.Event {
  if (delivery === undefined) throw new Error('nothing was delivered');
  return stripe.webhooks.constructEvent(delivery.body, delivery.signature, secret);
}

describe('Checkout Sessions, through the real SDK', () => {
  it('creates a session from price_data, shaped like Stripe’s, and logs what the shop sent', async () => {
    const session = await createSession({
      line_items: [teeLine(2500, 'USD', 2), teeLine(1000, 'usd', 1)],
      metadata: { cart_id: 'cart_1', checkout_id: 'chk_1' },
      client_reference_id: 'cart_1',
      customer_email: 'buyer@example.com',
    });

    expect(session).toMatchObject({
      object: 'checkout.session',
      status: 'open',
      payment_status: 'unpaid',
      mode: 'payment',
      currency: 'usd',
      amount_subtotal: 6000,
      amount_total: 6000,
      metadata: { cart_id: 'cart_1', checkout_id: 'chk_1' },
      client_reference_id: 'cart_1',
      customer_email: 'buyer@example.com',
      customer_details: null,
      payment_intent: null,
      livemode: false,
      ...urls,
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${started.url}/c/pay/${session.id}`);
    expect(session.expires_at - session.created).toBe(24 * 60 * 60);
    // Every field Stripe always sends is there (the SDK types them as required).
    for (const field of ['adaptive_pricing', 'automatic_tax', 'custom_text', 'total_details', 'ui_mode', 'url']) {
      expect(session).toHaveProperty(field);
    }
    const create = stub.requests.find((r) => r.method === 'POST');
    expect(create?.body).toMatchObject({
      'line_items[0][price_data][unit_amount]': '2500',
      'line_items[0][price_data][product_data][metadata][sku]': 'TEE-0001-L',
      'metadata[cart_id]': 'cart_1',
    });
    expect(create?.idempotencyKey).toMatch(/^stripe-node-retry-/);
  });

  it('creates a session from a stored price, describing each line by its product', async () => {
    const { product, price } = stripeProductWithPrice({ name: 'Canvas Tote' }, { unit_amount: 1800, currency: 'eur' });
    stub.setProduct(product);
    stub.setPrice(price);

    const session = await createSession({ line_items: [{ price: price.id, quantity: 3 }] });
    const items = await stripe.checkout.sessions.listLineItems(session.id, { expand: ['data.price.product'] });

    expect(session).toMatchObject({ currency: 'eur', amount_total: 5400 });
    expect(items.data).toEqual([
      expect.objectContaining({
        object: 'item',
        description: 'Canvas Tote',
        quantity: 3,
        amount_subtotal: 5400,
        amount_total: 5400,
        currency: 'eur',
        price: expect.objectContaining({
          id: price.id,
          unit_amount: 1800,
          product: expect.objectContaining({ id: product.id }) as unknown,
        }) as unknown,
      }),
    ]);
    expect(items.data[0]?.id).toMatch(/^li_/);
  });

  it('lists price_data lines with their new price and product, and expands them on retrieve', async () => {
    const session = await createSession({ line_items: [teeLine(2500, 'usd', 2), teeLine(900, 'usd', 1)] });

    const items = await stripe.checkout.sessions.listLineItems(session.id, { limit: 1 });
    expect(items.has_more).toBe(true);
    expect(items.data[0]).toMatchObject({ description: 'Classic Tee (L)', amount_total: 5000 });
    expect(items.data[0]?.price).toMatchObject({ unit_amount: 2500, currency: 'usd', type: 'one_time' });

    const retrieved = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['line_items.data.price.product'],
    });
    const product = retrieved.line_items?.data[1]?.price?.product;
    expect(product).toMatchObject({ object: 'product', name: 'Classic Tee (L)', metadata: { sku: 'TEE-0001-L' } });
    expect(retrieved.line_items?.data.map((item) => item.amount_total)).toEqual([5000, 900]);
  });

  it('answers the same session for the same Idempotency-Key, and refuses the key for other parameters', async () => {
    const first = await createSession();
    const key = 'order-42';
    const params: Stripe.Checkout.SessionCreateParams = { mode: 'payment', line_items: [teeLine()], ...urls };
    const a = await stripe.checkout.sessions.create(params, { idempotencyKey: key });
    const b = await stripe.checkout.sessions.create(params, { idempotencyKey: key });

    expect(b.id).toBe(a.id);
    expect(a.id).not.toBe(first.id);
    expect(b.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(stub.checkoutSessions.size).toBe(2);
    await expect(
      stripe.checkout.sessions.create({ mode: 'payment', line_items: [teeLine(1)], ...urls }, { idempotencyKey: key }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('validates like Stripe: unknown price, mixed currencies, missing URLs, unknown parameters', async () => {
    await expect(createSession({ line_items: [{ price: 'price_Gone', quantity: 1 }] })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'line_items[0][price]',
      message: "No such price: 'price_Gone'",
    });
    await expect(createSession({ line_items: [teeLine(100, 'usd'), teeLine(100, 'eur')] })).rejects.toMatchObject({
      statusCode: 400,
      param: 'line_items',
    });
    await expect(createSession({ success_url: undefined })).rejects.toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'success_url',
    });
    await expect(createSession({ cancel_url: 'not a url' })).rejects.toMatchObject({ code: 'url_invalid' });
    await expect(createSession({ line_items: [teeLine(100, 'usd', 0)] })).rejects.toMatchObject({
      param: 'line_items[0][quantity]',
    });
    await expect(createSession({ line_items: [teeLine(-1)] })).rejects.toMatchObject({
      param: 'line_items[0][price_data][unit_amount]',
    });
    await expect(createSession({ expires_at: unixNow() + 600 })).rejects.toMatchObject({ param: 'expires_at' });
    await expect(createSession({ line_items: [] })).rejects.toMatchObject({ param: 'line_items' });
    await expect(createSession({ mode: undefined })).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'mode',
    });
    const unknown = {
      ...urls,
      mode: 'payment',
      line_items: [teeLine()],
      colour: 'blue',
    } as Stripe.Checkout.SessionCreateParams;
    await expect(stripe.checkout.sessions.create(unknown)).rejects.toMatchObject({
      code: 'parameter_unknown',
      param: 'colour',
    });

    const recurring = stripePrice({ type: 'recurring', recurring: null });
    const archived = stripePrice({ active: false });
    stub.setPrice(recurring);
    stub.setPrice(archived);
    await expect(createSession({ line_items: [{ price: recurring.id, quantity: 1 }] })).rejects.toThrow(/recurring/);
    await expect(createSession({ line_items: [{ price: archived.id, quantity: 1 }] })).rejects.toThrow(/inactive/);
    expect(stub.checkoutSessions.size).toBe(0);
  });

  it('expires an open session once, sending checkout.session.expired', async () => {
    const session = await createSession();

    const expired = await stripe.checkout.sessions.expire(session.id);

    expect(expired).toMatchObject({ status: 'expired', payment_status: 'unpaid', url: null });
    const event = verified(deliveries[0]);
    expect(event).toMatchObject({
      type: 'checkout.session.expired',
      data: { object: { id: session.id, status: 'expired' } },
    });
    expect(event.request).toEqual({
      id: expired.lastResponse.requestId,
      idempotency_key: expect.any(String) as unknown,
    });
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({ statusCode: 400 });
    expect(deliveries).toHaveLength(1);
  });

  it('expires a session past its expires_at when it is next touched', async () => {
    const session = await createSession({ expires_at: unixNow() + 1800 });
    clockOffset = 1800;

    const retrieved = await stripe.checkout.sessions.retrieve(session.id);

    expect(retrieved.status).toBe('expired');
    expect(verified(deliveries[0]).type).toBe('checkout.session.expired');
    expect(stub.sentEvents.map((sent) => sent.status)).toEqual([200]);
  });
});

describe('the hosted checkout page', () => {
  it('shows the items, the total and the test-mode label, in an accessible form', async () => {
    const session = await createSession({ customer_email: 'buyer@example.com' });

    const response = await fetch(session.url ?? '');
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toContain('Test mode — no real payment');
    expect(html).toContain('Classic Tee (L)');
    expect(html).toContain('<button type="submit">Pay $50.00</button>');
    expect(html).toMatch(
      /<label for="email">Email<\/label>\s*<input id="email" name="email" type="email"[^>]* required value="buyer@example.com"/,
    );
    expect(html).toContain(`<a class="cancel" href="${urls.cancel_url}">Cancel</a>`);
  });

  it('formats amounts with the currency’s own exponent', async () => {
    const session = await createSession({ line_items: [teeLine(500, 'jpy', 3)] });
    const html = await (await fetch(session.url ?? '')).text();
    expect(html).toContain('Pay ¥1,500');
  });

  it('pays: sends a signed checkout.session.completed, waits for the shop, then redirects to success_url', async () => {
    const session = await createSession({ metadata: { cart_id: 'cart_7' } });
    receiverStatus = 202;

    const response = await fetch(session.url ?? '', {
      method: 'POST',
      body: new URLSearchParams({ email: 'paid@example.com' }),
      redirect: 'manual',
    });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`http://localhost:3000/checkout/success?session_id=${session.id}`);
    expect(deliveries).toHaveLength(1);
    const event = verified(deliveries[0]);
    expect(event).toMatchObject({
      object: 'event',
      type: 'checkout.session.completed',
      api_version: Stripe.API_VERSION,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
    expect(event.id).toMatch(/^evt_/);
    if (event.type !== 'checkout.session.completed') return;
    expect(event.data.object).toMatchObject({
      id: session.id,
      status: 'complete',
      payment_status: 'paid',
      metadata: { cart_id: 'cart_7' },
      customer_details: { email: 'paid@example.com' },
    });
    expect(event.data.object.payment_intent).toMatch(/^pi_/);
    expect(stub.sentEvents.map((sent) => sent.status)).toEqual([202]);

    const page = await (await fetch(session.url ?? '')).text();
    expect(page).toContain('This order is paid');
    expect(page).not.toContain('<button');
  });

  it('refuses a payment without an email, and shows an expired session as expired', async () => {
    const session = await createSession();
    const refused = await fetch(session.url ?? '', { method: 'POST', body: new URLSearchParams({ email: '' }) });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('role="alert"');

    await stub.expireSession(session.id);
    const page = await fetch(session.url ?? '');
    const html = await page.text();
    expect(html).toContain('This checkout has expired');
    expect(html).not.toContain('<button');
    const late = await fetch(session.url ?? '', { method: 'POST', body: new URLSearchParams({ email: 'a@b.co' }) });
    expect(late.status).toBe(409);
    expect(stub.checkoutSessions.get(session.id)?.status).toBe('expired');
  });
});

describe('programmatic controls', () => {
  it('completes unpaid, then settles the async payment either way', async () => {
    const first = await createSession();
    const second = await createSession();

    await stub.completeSession(first.id, { paymentStatus: 'unpaid' });
    await stub.settleAsyncPayment(first.id, 'succeeded');
    await stub.completeSession(second.id, { paymentStatus: 'unpaid', email: 'late@example.com' });
    const failed = await stub.settleAsyncPayment(second.id, 'failed');

    const events = deliveries.map(verified);
    expect(events.map((e) => [e.type, (e.data.object as Stripe.Checkout.Session).payment_status])).toEqual([
      ['checkout.session.completed', 'unpaid'],
      ['checkout.session.async_payment_succeeded', 'paid'],
      ['checkout.session.completed', 'unpaid'],
      ['checkout.session.async_payment_failed', 'unpaid'],
    ]);
    expect(failed).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    await expect(stub.settleAsyncPayment(second.id, 'succeeded')).rejects.toThrow(/no payment waiting/);
  });

  it('gives one session’s events strictly increasing created, even within one second', async () => {
    const frozen = unixNow();
    clockOffset = 0;
    const session = await createSession();
    clockOffset = frozen - unixNow(); // the clock stands still from here on

    await stub.completeSession(session.id, { paymentStatus: 'unpaid' });
    const replay = stub.eventFor(session.id, 'checkout.session.completed');
    await stub.settleAsyncPayment(session.id, 'succeeded');

    const created = [stub.sentEvents[0]?.event.created, replay.event.created, stub.sentEvents[1]?.event.created];
    expect(created).toEqual([frozen, frozen + 1, frozen + 2]);
  });

  it('builds an event without sending it, and delivers it on request', async () => {
    const session = await createSession();
    expect(() => stub.eventFor(session.id, 'checkout.session.completed')).toThrow(/does not fit/);
    await stub.completeSession(session.id);

    const built = stub.eventFor(session.id, 'checkout.session.completed');
    expect(deliveries).toHaveLength(1);
    expect(JSON.parse(built.body)).toEqual(built.event);

    receiverStatus = 500;
    const sent = await stub.deliverEvent(built);
    expect(sent.status).toBe(500);
    expect(verified(deliveries[1]).id).toBe(built.event.id);
  });
});
