import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stripeEvent, stripeEventBody, stripePrice, stripeProduct, stripeProductWithPrice } from './fixtures';
import { signStripePayload } from './sign';
import { createStripeStub, type StartedStripeStub } from './stub-server';

const stub = createStripeStub();
let started: StartedStripeStub;
let stripe: Stripe;

/** What the SDK gives back for an object: its JSON, with decimal strings turned into `Decimal`. */
function asReturned<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) =>
    key.endsWith('_decimal') && typeof v === 'string' ? Stripe.Decimal.from(v) : v,
  );
}

beforeAll(async () => {
  started = await stub.start();
  stripe = new Stripe('sk_test_x', { host: '127.0.0.1', port: started.port, protocol: 'http', maxNetworkRetries: 0 });
});

afterAll(async () => {
  await started.close();
});

beforeEach(() => {
  stub.reset();
});

describe('Stripe stub, through the real SDK', () => {
  it('retrieves a product', async () => {
    const product = stripeProduct({ metadata: { slug: 'classic-tee' } });
    stub.setProduct(product);

    const retrieved = await stripe.products.retrieve(product.id);

    expect(retrieved).toEqual(asReturned(product));
    expect(retrieved.lastResponse.statusCode).toBe(200);
    expect(retrieved.lastResponse.requestId).toMatch(/^req_/);
    expect(stub.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: `/v1/products/${product.id}`,
        authorization: 'Bearer sk_test_x',
        stripeVersion: Stripe.API_VERSION,
        status: 200,
      }),
    ]);
  });

  it('retrieves a price, with unit_amount_decimal as a Decimal, and expands its product', async () => {
    const { product, price } = stripeProductWithPrice({}, { unit_amount: 2500, metadata: { sku: 'TEE-0001-L' } });
    stub.setProduct(product);
    stub.setPrice(price);

    const retrieved = await stripe.prices.retrieve(price.id);
    expect(retrieved).toEqual(asReturned(price));
    expect(retrieved.metadata.sku).toBe('TEE-0001-L');
    // The SDK turns the wire's "2500" into its Decimal class for API responses.
    expect(typeof retrieved.unit_amount_decimal).toBe('object');
    expect(retrieved.unit_amount_decimal?.toString()).toBe('2500');

    const expanded = await stripe.prices.retrieve(price.id, { expand: ['product'] });
    expect(expanded.product).toEqual(asReturned(product));
    expect(stub.requests.at(-1)?.query).toEqual({ 'expand[0]': 'product' });
  });

  it('answers 404 resource_missing for an unknown id, as StripeInvalidRequestError', async () => {
    const error: unknown = await stripe.products.retrieve('prod_Missing000000').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'id',
      message: "No such product: 'prod_Missing000000'",
      requestId: expect.stringMatching(/^req_/) as unknown,
      doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
    });
    await expect(stripe.prices.retrieve('price_Missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: "No such price: 'price_Missing'",
    });
  });

  it('refuses requests without a test secret key, as StripeAuthenticationError', async () => {
    const live = new Stripe('sk_live_nope1234', {
      host: '127.0.0.1',
      port: started.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const error: unknown = await live.products.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error).toMatchObject({ statusCode: 401, message: 'Invalid API Key provided: sk_live_****1234' });

    const basic = await fetch(`${started.url}/v1/products`, {
      headers: { Authorization: `Basic ${Buffer.from('sk_test_curl:').toString('base64')}` },
    });
    expect(basic.status).toBe(200);

    const response = await fetch(`${started.url}/v1/products`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: {
        type: 'invalid_request_error',
        message: expect.stringMatching(/^You did not provide an API key/) as unknown,
      },
    });
  });

  it('auto-paginates 5 prices, 2 per page, newest first', async () => {
    const prices = [1, 2, 3, 4, 5].map((n) => stripePrice({ created: 1_700_000_000 + n, unit_amount: n * 100 }));
    for (const price of prices) stub.setPrice(price);

    const all = await stripe.prices.list({ limit: 2 }).autoPagingToArray({ limit: 10 });

    expect(all.map((p) => p.id)).toEqual(prices.map((p) => p.id).reverse());
    expect(stub.requests.map((r) => r.query)).toEqual([
      { limit: '2' },
      { limit: '2', starting_after: prices[3]?.id },
      { limit: '2', starting_after: prices[1]?.id },
    ]);
  });

  it('answers lists in Stripe’s shape, with filters, cursors and expansion', async () => {
    const { product, price } = stripeProductWithPrice();
    const archived = stripePrice({ product: product.id, active: false, created: price.created - 10 });
    stub.setProduct(product);
    stub.setPrice(price);
    stub.setPrice(archived);

    const page = await stripe.prices.list({ limit: 1 });
    expect({ ...page }).toEqual({ object: 'list', data: [asReturned(price)], has_more: true, url: '/v1/prices' });

    const active = await stripe.prices.list({ product: product.id, active: true, expand: ['data.product'] });
    expect(active.data.map((p) => p.id)).toEqual([price.id]);
    expect(active.data[0]?.product).toEqual(asReturned(product));

    const before = await stripe.prices.list({ ending_before: archived.id });
    expect(before.data.map((p) => p.id)).toEqual([price.id]);

    const products = await stripe.products.list({ ids: [product.id] });
    expect({ ...products, data: products.data.map((p) => p.id) }).toEqual({
      object: 'list',
      data: [product.id],
      has_more: false,
      url: '/v1/products',
    });

    await expect(stripe.prices.list({ starting_after: 'price_Gone' })).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'starting_after',
    });
    await expect(stripe.prices.list({ limit: 101 })).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('forgets deleted objects and can simulate an outage', async () => {
    const product = stripeProduct();
    stub.setProduct(product);
    stub.deleteProduct(product.id);
    await expect(stripe.products.retrieve(product.id)).rejects.toMatchObject({ statusCode: 404 });

    stub.setProduct(product);
    stub.failNext(503);
    await expect(stripe.products.retrieve(product.id)).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    await expect(stripe.products.retrieve(product.id)).resolves.toMatchObject({ id: product.id });
  });
});

describe('signStripePayload with constructEvent', () => {
  const secret = 'whsec_test_secret';
  const price = stripePrice({ active: false, unit_amount: 1999 });
  const event = stripeEvent('price.updated', price, { previousAttributes: { active: true } });
  const body = stripeEventBody(event);

  it('produces a header constructEvent accepts, giving back the event', () => {
    const header = signStripePayload(body, secret);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    const received = stripe.webhooks.constructEvent(body, header, secret);

    expect(received).toEqual(JSON.parse(body));
    expect(received.type).toBe('price.updated');
    if (received.type !== 'price.updated') return;
    expect(received.data.previous_attributes).toEqual({ active: true });
    // Typed as Decimal, but constructEvent only parses JSON: here it is the wire's string.
    const decimal: unknown = received.data.object.unit_amount_decimal;
    expect(decimal).toBe('1999');
  });

  it('rejects a tampered body', () => {
    const header = signStripePayload(body, secret);
    const tampered = body.replace('"unit_amount": 1999', '"unit_amount": 1');
    expect(tampered).not.toBe(body);
    expect(() => stripe.webhooks.constructEvent(tampered, header, secret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it('rejects a signature made with another secret', () => {
    const header = signStripePayload(body, 'whsec_other');
    expect(() => stripe.webhooks.constructEvent(body, header, secret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it('rejects a 10-minute-old timestamp (default tolerance 300 s) and accepts a 4-minute-old one', () => {
    const now = Math.floor(Date.now() / 1000);
    const stale = signStripePayload(body, secret, now - 600);
    expect(() => stripe.webhooks.constructEvent(body, stale, secret)).toThrow(/Timestamp outside the tolerance zone/);
    const recent = signStripePayload(body, secret, now - 240);
    expect(stripe.webhooks.constructEvent(body, recent, secret).id).toBe(event.id);
  });

  it('refuses a timestamp the SDK would silently replace with now', () => {
    expect(() => signStripePayload(body, secret, 0)).toThrow(RangeError);
  });
});
