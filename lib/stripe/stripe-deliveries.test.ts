import type Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { stripeEvent, stripePrice, stripeProduct, unixNow } from '../../testing/stripe/fixtures';
import { deliverStripeEvent } from '../../testing/stripe/deliver-event';

const PREFIX = `stripe-${Date.now().toString(36)}`;
let stripeProductId = '';
let productId = 0;
let variantIds: number[] = [];
const purged: string[] = [];
const regenerate = (path: string) => {
  purged.push(path);
  return Promise.resolve();
};

beforeAll(async () => {
  const category = await getDb().category.create({ data: { slug: `${PREFIX}-cat`, name: 'Stripe test' } });
  stripeProductId = `prod_${PREFIX.replace(/-/g, '')}`;
  const product = await getDb().product.create({
    data: {
      slug: `${PREFIX}-tee`,
      title: 'Tee',
      status: 'ACTIVE',
      featured: true,
      stripeProductId,
      variants: {
        create: [
          { sku: `${PREFIX}-S`, title: 'S', price: 2000, currency: 'USD', stock: 3, position: 10 },
          { sku: `${PREFIX}-M`, title: 'M', price: 2000, currency: 'USD', stock: 3, position: 20 },
        ],
      },
      categories: { create: { categoryId: category.id, position: 10 } },
    },
    include: { variants: { orderBy: { position: 'asc' } } },
  });
  productId = product.id;
  variantIds = product.variants.map((v) => v.id);
});

beforeEach(() => {
  purged.length = 0;
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().category.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

const variantPrice = async (index: number) =>
  (await getDb().variant.findUniqueOrThrow({ where: { id: variantIds[index] } })).price;

function productObject(overrides: Partial<Stripe.Product> = {}): Stripe.Product {
  return stripeProduct({ id: stripeProductId, name: 'Tee', description: null, ...overrides });
}

describe('a Stripe delivery through the inbox', () => {
  it('applies a price change (new price, then default_price switched) once, with the event id in the audit log', async () => {
    const t = unixNow();
    const newPrice = stripePrice({ product: stripeProductId, unit_amount: 2400, metadata: {}, created: t });
    const created = stripeEvent('price.created', newPrice, { created: t });
    await deliverStripeEvent(created, regenerate);
    expect(await variantPrice(0)).toBe(2000); // not the default yet, not tagged: no variant sells at it

    const switched = stripeEvent('product.updated', productObject({ default_price: newPrice.id }), {
      created: t + 1,
      previousAttributes: { default_price: 'price_previous' },
    });
    const result = await deliverStripeEvent(switched, regenerate);
    expect(result).toMatchObject({ duplicate: false, outcome: 'APPLIED' });
    expect(await variantPrice(0)).toBe(2400);
    expect(await variantPrice(1)).toBe(2000);
    expect(purged).toEqual(expect.arrayContaining([`/products/${PREFIX}-tee`, `/categories/${PREFIX}-cat`, '/']));

    const audit = await getDb().priceChange.findMany({ where: { productId, eventId: switched.id } });
    expect(audit).toMatchObject([{ oldPrice: 2000, newPrice: 2400, source: 'STRIPE', variantId: variantIds[0] }]);

    purged.length = 0;
    expect(await deliverStripeEvent(switched, regenerate)).toMatchObject({ duplicate: true });
    expect(purged).toEqual([]);
    expect(await getDb().priceChange.count({ where: { productId, eventId: switched.id } })).toBe(1);
  });

  it('never lets an older event overwrite a newer one', async () => {
    const t = unixNow() + 100;
    const newer = stripePrice({ product: stripeProductId, unit_amount: 3100, metadata: {}, created: t });
    const older = stripePrice({ product: stripeProductId, unit_amount: 2900, metadata: {}, created: t - 50 });
    await deliverStripeEvent(stripeEvent('price.created', newer, { created: t }), regenerate);
    await deliverStripeEvent(stripeEvent('price.created', older, { created: t - 50 }), regenerate);
    const switchToNewer = stripeEvent('product.updated', productObject({ default_price: newer.id }), {
      created: t + 10,
      previousAttributes: { default_price: older.id },
    });
    const switchToOlder = stripeEvent('product.updated', productObject({ default_price: older.id }), {
      created: t - 40,
      previousAttributes: { default_price: 'price_x' },
    });
    await deliverStripeEvent(switchToNewer, regenerate);
    const late = await deliverStripeEvent(switchToOlder, regenerate);
    expect(late).toMatchObject({ outcome: 'IGNORED' });
    expect(await variantPrice(0)).toBe(3100);

    // An older price.updated (still active) arriving after a newer one (archived) does not revive it.
    const tagged = stripePrice({
      product: stripeProductId,
      unit_amount: 5000,
      metadata: { sku: `${PREFIX}-M` },
      created: t,
    });
    await deliverStripeEvent(stripeEvent('price.created', tagged, { created: t + 20 }), regenerate);
    expect(await variantPrice(1)).toBe(5000);
    const archived = { ...tagged, active: false };
    await deliverStripeEvent(
      stripeEvent('price.updated', archived, { created: t + 40, previousAttributes: { active: true } }),
      regenerate,
    );
    const stale = await deliverStripeEvent(
      stripeEvent('price.updated', tagged, { created: t + 30, previousAttributes: { nickname: 'x' } }),
      regenerate,
    );
    expect(stale).toMatchObject({ outcome: 'IGNORED' });
    expect((await getDb().stripePrice.findUniqueOrThrow({ where: { id: tagged.id } })).active).toBe(false);
  });

  it('takes a product Stripe archives off sale, so its page can answer 404', async () => {
    const other = await getDb().product.create({
      data: {
        slug: `${PREFIX}-cap`,
        title: 'Cap',
        status: 'ACTIVE',
        stripeProductId: `${stripeProductId}cap`,
        variants: { create: { sku: `${PREFIX}-CAP`, title: 'One size', price: 900, currency: 'USD' } },
      },
    });
    const event = stripeEvent(
      'product.updated',
      stripeProduct({ id: `${stripeProductId}cap`, name: 'Cap', active: false }),
      {
        previousAttributes: { active: true },
      },
    );
    await deliverStripeEvent(event, regenerate);
    expect((await getDb().product.findUniqueOrThrow({ where: { id: other.id } })).status).toBe('ARCHIVED');
    expect(purged).toContain(`/products/${PREFIX}-cap`);
  });

  it("keeps our description when Stripe has none, and takes Stripe's when it has one", async () => {
    const id = `${stripeProductId}desc`;
    const product = await getDb().product.create({
      data: {
        slug: `${PREFIX}-scarf`,
        title: 'Scarf',
        description: 'Merino, hand wash.',
        status: 'ACTIVE',
        stripeProductId: id,
        variants: { create: { sku: `${PREFIX}-SCARF`, title: 'One size', price: 3000, currency: 'USD' } },
      },
    });
    const t = unixNow();
    const update = (description: string | null, created: number) =>
      stripeEvent('product.updated', stripeProduct({ id, name: 'Scarf', description }), {
        created,
        previousAttributes: { description: 'x' },
      });
    expect(await deliverStripeEvent(update(null, t), regenerate)).toMatchObject({ outcome: 'APPLIED' });
    const description = async () =>
      (await getDb().product.findUniqueOrThrow({ where: { id: product.id } })).description;
    expect(await description()).toBe('Merino, hand wash.');
    await deliverStripeEvent(update('Merino wool. Hand wash cold.', t + 1), regenerate);
    expect(await description()).toBe('Merino wool. Hand wash cold.');
  });

  it('creates a product Stripe knows and we do not as a draft, with its price', async () => {
    const id = `${stripeProductId}new`;
    const t = unixNow();
    const price = stripePrice({ product: id, unit_amount: 4500, metadata: { sku: `${PREFIX}-NEW` }, created: t });
    await deliverStripeEvent(stripeEvent('price.created', price, { created: t }), regenerate);
    const event = stripeEvent(
      'product.created',
      stripeProduct({ id, name: `${PREFIX} Linen Scarf`, default_price: price.id, created: t }),
      { created: t },
    );
    await deliverStripeEvent(event, regenerate);
    const created = await getDb().product.findUniqueOrThrow({
      where: { stripeProductId: id },
      include: { variants: true },
    });
    expect(created).toMatchObject({ status: 'DRAFT', title: `${PREFIX} Linen Scarf` });
    expect(created.variants).toMatchObject([{ sku: `${PREFIX}-NEW`, price: 4500, stripePriceId: price.id }]);
    expect(purged).toEqual([]); // a draft is on no page
  });

  it('answers 200 without touching anything for event types it does not handle', async () => {
    const event = {
      ...stripeEvent('price.created', stripePrice()),
      type: 'customer.created',
    } as unknown as Stripe.Event;
    expect(await deliverStripeEvent(event, regenerate)).toMatchObject({ outcome: 'UNHANDLED' });
    // Other test files write to the same database at the same time: count only this event's rows.
    expect(await getDb().webhookDelivery.count({ where: { deliveryId: event.id } })).toBe(0);
    expect(await getDb().priceChange.count({ where: { eventId: event.id } })).toBe(0);
    expect(await getDb().stripePrice.count({ where: { id: (event.data.object as { id: string }).id } })).toBe(0);
    expect(purged).toEqual([]);
  });

  it.each(['constructor', 'valueOf', '__proto__', 'toString'])(
    'answers an event of type %s as not handled, never a 500',
    async (type) => {
      const event = { ...stripeEvent('price.created', stripePrice()), type } as unknown as Stripe.Event;
      expect(await deliverStripeEvent(event, regenerate)).toMatchObject({ outcome: 'UNHANDLED' });
      expect(await getDb().webhookDelivery.count({ where: { deliveryId: event.id } })).toBe(0);
    },
  );
});
