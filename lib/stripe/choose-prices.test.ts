import { describe, expect, it } from 'vitest';
import { choosePrices, type KnownStripePrice } from './choose-prices';

const variants = [
  { id: 1, sku: 'TEE-S', currency: 'USD' },
  { id: 2, sku: 'TEE-M', currency: 'USD' },
];

function price(id: string, overrides: Partial<KnownStripePrice> = {}): KnownStripePrice {
  return {
    id,
    currency: 'USD',
    unitAmount: 1000,
    recurring: false,
    active: true,
    deleted: false,
    sku: null,
    stripeCreatedAt: new Date('2026-11-01T00:00:00Z'),
    ...overrides,
  };
}

describe('choosePrices', () => {
  it('gives an untagged default price to the first variant', () => {
    expect(choosePrices(variants, 'price_a', [price('price_a', { unitAmount: 1500 })])).toEqual([
      { variantId: 1, priceId: 'price_a', unitAmount: 1500 },
    ]);
  });

  it('gives a tagged default price to the variant with that sku', () => {
    const prices = [price('price_a', { sku: 'TEE-M', unitAmount: 1700 })];
    expect(choosePrices(variants, 'price_a', prices)).toEqual([{ variantId: 2, priceId: 'price_a', unitAmount: 1700 }]);
  });

  it('picks the newest active tagged price, whatever order they were stored in', () => {
    const older = price('price_old', { sku: 'TEE-S', unitAmount: 1000, stripeCreatedAt: new Date('2026-11-01') });
    const newer = price('price_new', { sku: 'TEE-S', unitAmount: 1200, stripeCreatedAt: new Date('2026-11-02') });
    const expected = [{ variantId: 1, priceId: 'price_new', unitAmount: 1200 }];
    expect(choosePrices(variants, null, [older, newer])).toEqual(expected);
    expect(choosePrices(variants, null, [newer, older])).toEqual(expected);
  });

  it('falls back to the older price once the newer one is archived', () => {
    const older = price('price_old', { sku: 'TEE-S', unitAmount: 1000, stripeCreatedAt: new Date('2026-11-01') });
    const newer = price('price_new', { sku: 'TEE-S', active: false, stripeCreatedAt: new Date('2026-11-02') });
    expect(choosePrices(variants, null, [older, newer])).toEqual([
      { variantId: 1, priceId: 'price_old', unitAmount: 1000 },
    ]);
  });

  it('ignores recurring, deleted, amount-less and other-currency prices', () => {
    const prices = [
      price('price_r', { sku: 'TEE-S', recurring: true }),
      price('price_d', { sku: 'TEE-S', deleted: true }),
      price('price_t', { sku: 'TEE-S', unitAmount: null }),
      price('price_e', { sku: 'TEE-S', currency: 'EUR' }),
    ];
    expect(choosePrices(variants, 'price_r', prices)).toEqual([]);
  });

  it('lets the default price win over a tagged one for the same variant', () => {
    const tagged = price('price_tag', { sku: 'TEE-S', unitAmount: 900, stripeCreatedAt: new Date('2026-11-05') });
    const chosenDefault = price('price_def', { unitAmount: 1100 });
    expect(choosePrices(variants, 'price_def', [tagged, chosenDefault])).toEqual([
      { variantId: 1, priceId: 'price_def', unitAmount: 1100 },
    ]);
  });
});
