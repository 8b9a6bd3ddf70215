/**
 * The webhook parsers over generated bodies: whatever arrives behind a valid signature is either
 * read exactly or refused with a 4xx before anything is recorded, and ids come out as the exact
 * digits that were sent, however many.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { HttpError } from '../http/errors';
import { parseExactJson, stringifyExactJson } from '../http/exact-json';
import { productGid, productUpdatePayload, variantGid } from '../../testing/shopify/fixtures/products-webhook';
import { SHOPIFY_TOPIC_NAMES, shopifyTopicHandler } from '../shopify/topics';
import { stripeEvent, stripePrice } from '../../testing/stripe/fixtures';
import { readStripeEvent } from '../stripe/read-event';

/** 4xx for a refusal (ZodError is answered 400 by the API wrapper); anything else is a bug. */
function refusalStatus(read: () => unknown): number | 'read' {
  try {
    read();
    return 'read';
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    if (error instanceof ZodError) return 400;
    throw error;
  }
}

const id = fc.bigInt({ min: 1n, max: 2n ** 64n - 1n });
/** Bodies near real ones: valid payloads, mangled ones, and noise. */
const mangle = (text: string) =>
  fc.oneof(
    fc.constant(text),
    fc.tuple(fc.nat(), fc.string({ maxLength: 4 })).map(([at, junk]) => {
      const cut = at % (text.length + 1);
      return text.slice(0, cut) + junk + text.slice(cut);
    }),
    fc.string(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
  );

describe('Shopify payloads', () => {
  it('products/delete keeps any id exactly, as digits', () => {
    fc.assert(
      fc.property(id, (n) => {
        const parsed = shopifyTopicHandler('products/delete')?.payload.parse(parseExactJson(`{"id":${n}}`));
        expect(parsed).toEqual({ id: n.toString() });
      }),
      { numRuns: 2_000 },
    );
  });

  it('products/update keeps product and variant ids exactly', () => {
    fc.assert(
      fc.property(id, id, (productId, variantId) => {
        const body = stringifyExactJson(
          productUpdatePayload({
            id: productId,
            admin_graphql_api_id: productGid(productId),
            variants: [{ id: variantId, admin_graphql_api_id: variantGid(variantId), product_id: productId }],
          }),
        );
        const parsed = shopifyTopicHandler('products/update')?.payload.parse(parseExactJson(body)) as {
          id: string;
          variants: { id: string }[];
        };
        expect(parsed.id).toBe(productId.toString());
        expect(parsed.variants[0]?.id).toBe(variantId.toString());
      }),
      { numRuns: 1_000 },
    );
  });

  it('any body is read or refused with a 4xx, for every topic', () => {
    const valid = stringifyExactJson(productUpdatePayload());
    fc.assert(
      fc.property(fc.constantFrom(...SHOPIFY_TOPIC_NAMES), mangle(valid), (topic, body) => {
        const status = refusalStatus(() => shopifyTopicHandler(topic)?.payload.parse(parseExactJson(body)));
        if (status !== 'read') expect(status).toBeGreaterThanOrEqual(400);
        if (status !== 'read') expect(status).toBeLessThan(500);
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('Stripe events', () => {
  it('any body is read or refused with a 4xx', () => {
    const valid = JSON.stringify(stripeEvent('price.created', stripePrice()));
    fc.assert(
      fc.property(mangle(valid), (body) => {
        const status = refusalStatus(() => readStripeEvent(parseExactJson(body)));
        if (status !== 'read') expect(status).toBeGreaterThanOrEqual(400);
        if (status !== 'read') expect(status).toBeLessThan(500);
      }),
      { numRuns: 3_000 },
    );
  });

  it('keeps any id Stripe sends, prefixed or not', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 255 }),
        fc.string({ minLength: 1, maxLength: 255 }),
        (productId, priceId) => {
          const event = stripeEvent('price.created', stripePrice({ id: priceId, product: productId }));
          const read = readStripeEvent(parseExactJson(JSON.stringify(event)));
          expect(read.kind === 'catalog' && read.event.data.object).toMatchObject({ id: priceId, product: productId });
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
