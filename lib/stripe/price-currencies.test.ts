/**
 * Stripe prices in currencies whose Stripe amount is not ISO minor units (ISK) or whose display
 * digits are not ISO's (HUF), through the real webhook delivery into the database.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { stripeEvent, stripePrice, stripeProductId, unixNow } from '../../testing/stripe/fixtures';
import { deliverStripeEvent } from '../../testing/stripe/deliver-event';
import { stripePriceChangeEvents } from '../../testing/stripe/price-change';

const PREFIX = `stripecur-${Date.now().toString(36)}`;
const regenerate = () => Promise.resolve();

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

/** A live product linked to a fresh Stripe product, with one variant in `currency` at `price`. */
async function productIn(currency: string, price: number) {
  const stripeId = stripeProductId();
  const sku = `${PREFIX}-${stripeId.slice(-8)}`;
  const product = await getDb().product.create({
    data: {
      slug: `${PREFIX}-${stripeId.slice(-8).toLowerCase()}`,
      title: `Tee in ${currency}`,
      status: 'ACTIVE',
      stripeProductId: stripeId,
      variants: { create: { sku, title: 'One size', price, currency, stock: 1 } },
    },
    include: { variants: true },
  });
  const variantId = product.variants[0]?.id ?? 0;
  const storedPrice = async () => (await getDb().variant.findUniqueOrThrow({ where: { id: variantId } })).price;
  return { stripeId, sku, storedPrice };
}

describe('a Stripe price.created in each currency', () => {
  it.each([
    ['USD', 2495, 2495],
    ['JPY', 1500, 1500],
    ['KWD', 5120, 5120],
    ['HUF', 150000, 150000],
    ['ISK', 150000, 1500], // Stripe writes krónur with two decimals that are always 00
  ])('%s unit_amount %i sets the variant to %i minor units', async (currency, unitAmount, expected) => {
    const { stripeId, sku, storedPrice } = await productIn(currency, 1);
    const t = unixNow();
    const price = stripePrice({
      product: stripeId,
      currency: currency.toLowerCase(),
      unit_amount: unitAmount,
      metadata: { sku },
      created: t,
    });
    const result = await deliverStripeEvent(stripeEvent('price.created', price, { created: t }), regenerate);
    expect(result).toMatchObject({ outcome: 'APPLIED' });
    expect(await storedPrice()).toBe(expected);
    expect(await getDb().stripePrice.findUniqueOrThrow({ where: { id: price.id } })).toMatchObject({
      currency,
      unitAmount: expected,
    });
  });

  it('refuses an ISK amount that is not whole krónur, keeping the price and saying why', async () => {
    const { stripeId, sku, storedPrice } = await productIn('ISK', 1200);
    const t = unixNow();
    const price = stripePrice({
      product: stripeId,
      currency: 'isk',
      unit_amount: 150050,
      metadata: { sku },
      created: t,
    });
    const event = stripeEvent('price.created', price, { created: t });
    await deliverStripeEvent(event, regenerate);
    expect(await storedPrice()).toBe(1200);
    expect((await getDb().stripePrice.findUniqueOrThrow({ where: { id: price.id } })).unitAmount).toBeNull();
    const delivery = await getDb().webhookDelivery.findFirstOrThrow({ where: { deliveryId: event.id } });
    expect(delivery.detail).toContain(
      `price ${price.id} cannot be sold: Stripe amount 150050 ISK is not a whole number`,
    );
  });

  it('heals a price stored in Stripe units before amounts were converted, on its next event', async () => {
    const { stripeId, sku, storedPrice } = await productIn('ISK', 1200);
    const t = unixNow();
    const price = stripePrice({
      product: stripeId,
      currency: 'isk',
      unit_amount: 150000,
      metadata: { sku },
      created: t,
    });
    await getDb().stripePrice.create({
      data: {
        id: price.id,
        stripeProductId: stripeId,
        currency: 'ISK',
        unitAmount: 150000, // what the shop stored before: Stripe's amount, taken as minor units
        recurring: false,
        active: true,
        sku,
        stripeCreatedAt: new Date(t * 1000),
        eventAt: new Date(t * 1000),
      },
    });
    const renamed = stripeEvent('price.updated', price, { created: t + 1, previousAttributes: { nickname: 'old' } });
    await deliverStripeEvent(renamed, regenerate);
    expect((await getDb().stripePrice.findUniqueOrThrow({ where: { id: price.id } })).unitAmount).toBe(1500);
    expect(await storedPrice()).toBe(1500);
  });

  it('sends our ISK minor units in Stripe units from the price-change helper (1500 krónur, amount 150000)', async () => {
    const { stripeId, sku, storedPrice } = await productIn('ISK', 1200);
    const events = stripePriceChangeEvents({
      stripeProductId: stripeId,
      productName: 'Tee in ISK',
      description: '',
      sku,
      currency: 'ISK',
      unitAmount: 1500,
      previous: null,
    });
    expect(events[0]?.data.object).toMatchObject({ unit_amount: 150000, currency: 'isk' });
    for (const event of events) await deliverStripeEvent(event, regenerate);
    expect(await storedPrice()).toBe(1500);
  });
});
