/**
 * Signed bodies at the edges of what the database can hold: each is refused with a 4xx before
 * anything is recorded, never a 500, and never recorded only to fail every attempt to apply it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { getDb } from '../db';
import { HttpError } from '../http/errors';
import { stringifyExactJson } from '../http/exact-json';
import { SAMPLE_SHOP_DOMAIN, shopifyWebhookHeaders } from '../../testing/shopify/fixtures/headers';
import { productCreatePayload, productGid, variantGid } from '../../testing/shopify/fixtures/products-webhook';
import { shopifyRawBody } from '../../testing/shopify/fixtures/raw-body';
import { receiveShopifyWebhook } from '../shopify/receive-webhook';
import { signShopifyBody } from '../shopify/verify-hmac';
import { stripeEvent, stripePrice } from '../../testing/stripe/fixtures';
import { recordStripeEvent } from '../stripe/receive-event';
import { applyNow } from '../../testing/webhooks/delivered';

const SECRET = 'boundary-bodies-secret';

beforeAll(() => {
  process.env.SHOPIFY_WEBHOOK_SECRET = SECRET;
  process.env.SHOPIFY_SHOP_DOMAIN = SAMPLE_SHOP_DOMAIN;
});

afterAll(async () => {
  await getDb().$disconnect();
});

function receiveShopify(topic: 'products/create' | 'products/delete', body: Buffer) {
  const headers = shopifyWebhookHeaders({ topic, hmac: signShopifyBody(body, SECRET) });
  return receiveShopifyWebhook(body, {
    hmac: headers['X-Shopify-Hmac-Sha256'],
    shopDomain: headers['X-Shopify-Shop-Domain'],
    topic,
    webhookId: headers['X-Shopify-Webhook-Id'],
    eventId: headers['X-Shopify-Event-Id'],
  });
}

/** The status a refusal maps to (ZodError is answered 400 by the API wrapper). */
async function statusOf(receive: Promise<unknown>): Promise<number | 'recorded'> {
  try {
    await receive;
    return 'recorded';
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    if (error instanceof ZodError) return 400;
    throw error;
  }
}

const recordedCount = () => getDb().webhookDelivery.count();

describe('bodies the database could not hold', () => {
  it.each([
    [
      'a Stripe event created in the year 285,000',
      () => stripeEvent('price.created', stripePrice(), { created: 9007199254740991 }),
    ],
    ['a Stripe price id holding U+0000', () => stripeEvent('price.created', stripePrice({ id: 'price_a\u0000b' }))],
  ])('refuses %s with a 4xx, recording nothing', async (_label, event) => {
    const before = await recordedCount();
    const status = await statusOf(recordStripeEvent(JSON.stringify(event())));
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(await recordedCount()).toBe(before);
  });

  it.each([
    ['a products/delete id of 300 digits', 'products/delete' as const, Buffer.from(`{"id":${'9'.repeat(300)}}`)],
    [
      'a products/create with 70-digit ids',
      'products/create' as const,
      shopifyRawBody(
        productCreatePayload({
          id: 10n ** 69n,
          admin_graphql_api_id: productGid(10n ** 69n),
          variants: [{ id: 10n ** 69n + 1n, admin_graphql_api_id: variantGid(10n ** 69n + 1n) }],
        }),
      ),
    ],
  ])('refuses %s with a 4xx, recording nothing', async (_label, topic, body) => {
    const before = await recordedCount();
    const status = await statusOf(receiveShopify(topic, body));
    expect(status).toBe(400);
    expect(await recordedCount()).toBe(before);
  });

  it('any id, however long, is refused with a 4xx or recorded and then applied (never stuck pending)', async () => {
    const digits = fc.oneof(
      fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
      fc.bigInt({ min: 2n ** 64n, max: 10n ** 80n }),
    );
    await fc.assert(
      fc.asyncProperty(digits, async (id) => {
        const body = Buffer.from(stringifyExactJson({ id }));
        let received: Awaited<ReturnType<typeof receiveShopify>>;
        try {
          received = await receiveShopify('products/delete', body);
        } catch (error) {
          expect(error).toBeInstanceOf(ZodError); // answered 400
          expect(id).toBeGreaterThan(2n ** 64n - 1n);
          return;
        }
        // No product has the id: recorded, then ignored, never left pending.
        const outcome = await applyNow(received, () => Promise.resolve());
        expect(outcome.outcome).toBe('IGNORED');
      }),
      { numRuns: 60 },
    );
  });
});
