import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { stripeEvent, stripePrice, stripeProduct, unixNow } from '../../testing/stripe/fixtures';
import { handlePriceCreated } from './events/price-created';
import { deliverStripeEvent } from '../../testing/stripe/deliver-event';
import { stripeCatalogEventSchema } from './objects';
import { commitCatalogChange } from '../changes/commit-catalog-change';

const PREFIX = `stripesync-${Date.now().toString(36)}`;
const STRIPE_PREFIX = `prod_${PREFIX.replace(/-/g, '')}`;
const regenerate = () => Promise.resolve();

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

async function product(name: string, price: number, stripeProductId: string | null) {
  return getDb().product.create({
    data: {
      slug: `${PREFIX}-${name}`,
      title: name,
      status: 'ACTIVE',
      stripeProductId,
      variants: { create: { sku: `${PREFIX}-${name}`, title: 'One size', price, currency: 'USD', position: 10 } },
    },
    include: { variants: true },
  });
}

const priceOf = async (productId: number) => (await getDb().variant.findFirstOrThrow({ where: { productId } })).price;

/** Resolves once some session waits for a lock (the row lock a delivery takes on its product). */
async function someoneWaitsForALock(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [row] = await getDb().$queryRaw<{ waiting: bigint }[]>`
      SELECT count(*) AS waiting FROM pg_locks WHERE NOT granted`;
    if (row && row.waiting > 0n) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('nobody waited for a lock');
}

describe('syncStripeProduct', () => {
  it('decides on the prices known once the product is locked, not before', async () => {
    const stripeProductId = `${STRIPE_PREFIX}race`;
    const ours = await product('race', 2000, stripeProductId);
    const t = unixNow();
    const newPrice = stripePrice({ product: stripeProductId, unit_amount: 2500, metadata: {}, created: t });
    const created = stripeCatalogEventSchema.parse(stripeEvent('price.created', newPrice, { created: t }));
    if (created.type !== 'price.created') throw new Error('expected price.created');
    const switched = stripeEvent(
      'product.updated',
      stripeProduct({ id: stripeProductId, name: 'race', default_price: newPrice.id }),
      {
        created: t + 1,
        previousAttributes: { default_price: null },
      },
    );

    // price.created holds the product's lock, its price not yet committed, while product.updated
    // (switching default_price to that price) arrives and queues behind it.
    let productUpdated: ReturnType<typeof deliverStripeEvent> | undefined;
    await commitCatalogChange(
      { source: 'STRIPE', actor: 'stripe', eventId: created.id },
      async (scope) => {
        await handlePriceCreated(scope, created);
        productUpdated = deliverStripeEvent(switched, regenerate);
        await someoneWaitsForALock();
      },
      { limits: { lockTimeoutMs: 5_000, statementTimeoutMs: 5_000, timeoutMs: 5_000, maxWaitMs: 5_000 } },
    );
    expect(await productUpdated).toMatchObject({ outcome: 'APPLIED' });
    expect(await priceOf(ours.id)).toBe(2500);
  });

  it('moves the link from the empty draft product.created made to the product a later price names by sku', async () => {
    const stripeProductId = `${STRIPE_PREFIX}mug`;
    const existing = await product('mug', 1000, null);
    const t = unixNow();
    const name = `${PREFIX} Stripe Mug`;
    await deliverStripeEvent(
      stripeEvent('product.created', stripeProduct({ id: stripeProductId, name, default_price: null, metadata: {} }), {
        created: t,
      }),
      regenerate,
    );
    const draft = await getDb().product.findUniqueOrThrow({ where: { stripeProductId } });
    expect(draft).toMatchObject({ status: 'DRAFT', title: name });

    const price = stripePrice({
      product: stripeProductId,
      unit_amount: 1500,
      metadata: { sku: `${PREFIX}-mug` },
      created: t,
    });
    const result = await deliverStripeEvent(stripeEvent('price.created', price, { created: t }), regenerate);
    expect(result).toMatchObject({ outcome: 'APPLIED' });
    expect(await getDb().product.findUniqueOrThrow({ where: { stripeProductId } })).toMatchObject({
      id: existing.id,
      stripeEventAt: new Date(t * 1000),
    });
    expect(await priceOf(existing.id)).toBe(1500);
    expect(await getDb().product.findUnique({ where: { id: draft.id } })).toBeNull();
  });

  it('honours metadata.sku on the Stripe product itself, also when it is added after product.created', async () => {
    const existing = await product('bowl', 1200, null);
    const tagged = stripeProduct({ id: `${STRIPE_PREFIX}bowl`, name: 'Bowl', metadata: { sku: `${PREFIX}-bowl` } });
    await deliverStripeEvent(stripeEvent('product.created', tagged), regenerate);
    expect((await getDb().product.findUniqueOrThrow({ where: { stripeProductId: tagged.id } })).id).toBe(existing.id);

    const later = await product('plate', 1300, null);
    const t = unixNow();
    const untagged = stripeProduct({ id: `${STRIPE_PREFIX}plate`, name: `${PREFIX} Plate`, metadata: {} });
    await deliverStripeEvent(stripeEvent('product.created', untagged, { created: t }), regenerate);
    const draft = await getDb().product.findUniqueOrThrow({ where: { stripeProductId: untagged.id } });
    const retagged = { ...untagged, metadata: { sku: `${PREFIX}-plate` } };
    await deliverStripeEvent(
      stripeEvent('product.updated', retagged, { created: t + 1, previousAttributes: { metadata: {} } }),
      regenerate,
    );
    expect((await getDb().product.findUniqueOrThrow({ where: { stripeProductId: untagged.id } })).id).toBe(later.id);
    expect(await getDb().product.findUnique({ where: { id: draft.id } })).toBeNull();
  });

  it('keeps a draft the admin has started on (a category), rather than deleting it', async () => {
    const stripeProductId = `${STRIPE_PREFIX}jug`;
    const existing = await product('jug', 1800, null);
    const t = unixNow();
    await deliverStripeEvent(
      stripeEvent(
        'product.created',
        stripeProduct({ id: stripeProductId, name: `${PREFIX} Jug`, default_price: null }),
        {
          created: t,
        },
      ),
      regenerate,
    );
    const draft = await getDb().product.findUniqueOrThrow({ where: { stripeProductId } });
    await getDb().category.create({
      data: { slug: `${PREFIX}-jugs`, name: 'Jugs', products: { create: { productId: draft.id, position: 10 } } },
    });
    const price = stripePrice({
      product: stripeProductId,
      unit_amount: 2100,
      metadata: { sku: `${PREFIX}-jug` },
      created: t,
    });
    await deliverStripeEvent(stripeEvent('price.created', price, { created: t }), regenerate);
    expect((await getDb().product.findUniqueOrThrow({ where: { stripeProductId } })).id).toBe(draft.id);
    expect(await priceOf(existing.id)).toBe(1800);
    await getDb().category.delete({ where: { slug: `${PREFIX}-jugs` } });
  });

  it('keeps a price above the shop maximum out of every variant, answering instead of failing', async () => {
    const stripeProductId = `${STRIPE_PREFIX}vase`;
    const ours = await product('vase', 4000, stripeProductId);
    const t = unixNow();
    const huge = stripePrice({
      product: stripeProductId,
      unit_amount: 100_000_000,
      metadata: { sku: `${PREFIX}-vase` },
      created: t,
    });
    expect(await deliverStripeEvent(stripeEvent('price.created', huge, { created: t }), regenerate)).toMatchObject({
      outcome: 'APPLIED',
    });
    expect(await priceOf(ours.id)).toBe(4000);
    expect((await getDb().stripePrice.findUniqueOrThrow({ where: { id: huge.id } })).unitAmount).toBeNull();
  });
});
