import { describe, expect, it } from 'vitest';
import {
  adjustPrice,
  compareAtAfter,
  MAX_PRICE_MINOR,
  percentToBasisPoints,
  previewRow,
  totalsOf,
  type PriceAdjustment,
  type VariantSnapshot,
} from './bulk-price-rules';

const percent = (value: number): PriceAdjustment => ({ kind: 'percent', percent: value });
const fixed = (amountMinor: number): PriceAdjustment => ({ kind: 'fixed', amountMinor });

function variant(overrides: Partial<VariantSnapshot> = {}): VariantSnapshot {
  return {
    id: 1,
    productId: 10,
    sku: 'SKU-1',
    currency: 'USD',
    price: 1995,
    compareAtPrice: null,
    version: 3,
    product: { slug: 'shirt', title: 'Shirt' },
    ...overrides,
  };
}

describe('adjustPrice by percent', () => {
  it.each([
    [1000, -10, 900],
    [1999, -10, 1799], // 1799.1
    [1995, -10, 1796], // 1795.5: half rounds away from zero, up
    [5, -50, 3], // 2.5: away from zero, not to even (2)
    [3, -50, 2], // 1.5
    [1, -50, 1], // 0.5
    [1, -50.01, 0], // 0.4999
    [15, 10, 17], // 16.5
    [2999, 12.34, 3369], // 3369.0766
    [1000, -90, 100],
    [1000, 500, 6000],
  ])('%i %s %% → %i', (price, pct, expected) => {
    expect(adjustPrice(price, percent(pct))).toEqual({ ok: true, priceMinor: expected });
  });

  it('computes in integers: 1.00 + 1.5 % is 1.015 → 1.02, where floats give 101.49999… → 1.01', () => {
    expect(Math.round(100 * (1 + 150 / 10_000))).toBe(101); // the drift the integer maths avoids
    expect(adjustPrice(100, percent(1.5))).toMatchObject({ priceMinor: 102 });
  });

  it('leaves 0 at 0', () => {
    expect(adjustPrice(0, percent(-10))).toEqual({ ok: true, priceMinor: 0 });
  });

  it('refuses percentages out of range or with more than 2 decimals', () => {
    expect(() => adjustPrice(1000, percent(-90.01))).toThrow(RangeError);
    expect(() => adjustPrice(1000, percent(500.01))).toThrow(RangeError);
    expect(() => adjustPrice(1000, percent(0.125))).toThrow(/2 decimals/);
    expect(() => adjustPrice(1000, percent(Number.NaN))).toThrow(RangeError);
  });

  it('reads 2-decimal percentages exactly despite float noise', () => {
    expect(percentToBasisPoints(0.29)).toBe(29); // 0.29 * 100 = 28.999999999999996
    expect(percentToBasisPoints(-12.5)).toBe(-1250);
    expect(percentToBasisPoints(1.15)).toBe(115);
  });
});

describe('adjustPrice by a fixed amount', () => {
  it('adds or subtracts minor units', () => {
    expect(adjustPrice(1999, fixed(250))).toEqual({ ok: true, priceMinor: 2249 });
    expect(adjustPrice(1999, fixed(-250))).toEqual({ ok: true, priceMinor: 1749 });
  });

  it('refuses a result below 0 instead of flooring it; reaching exactly 0 is fine', () => {
    expect(adjustPrice(100, fixed(-250))).toEqual({ ok: false, reason: 'below-zero', priceMinor: -150 });
    expect(adjustPrice(250, fixed(-250))).toEqual({ ok: true, priceMinor: 0 });
  });

  it('refuses a non-integer amount', () => {
    expect(() => adjustPrice(100, fixed(2.5))).toThrow(RangeError);
  });
});

describe('the maximum price', () => {
  it('is 99,999,999 minor units', () => expect(MAX_PRICE_MINOR).toBe(99_999_999));

  it('allows reaching it and refuses going past it, never capping', () => {
    expect(adjustPrice(MAX_PRICE_MINOR - 1, fixed(1))).toEqual({ ok: true, priceMinor: MAX_PRICE_MINOR });
    expect(adjustPrice(MAX_PRICE_MINOR, fixed(1))).toEqual({ ok: false, reason: 'above-max', priceMinor: 100_000_000 });
    expect(adjustPrice(20_000_000, percent(500))).toEqual({ ok: false, reason: 'above-max', priceMinor: 120_000_000 });
  });
});

describe('compareAtAfter', () => {
  it('keeps a compare-at above the new price and drops one the new price reached', () => {
    expect(compareAtAfter(1999, 2500)).toBe(2500);
    expect(compareAtAfter(2500, 2500)).toBeNull();
    expect(compareAtAfter(2600, 2500)).toBeNull();
    expect(compareAtAfter(2600, null)).toBeNull();
  });
});

describe('previewRow', () => {
  it('gives the same integer result for 0-, 2- and 3-decimal currencies', () => {
    for (const currency of ['JPY', 'USD', 'KWD']) {
      expect(previewRow(variant({ currency }), percent(-10))).toMatchObject({ oldPrice: 1995, newPrice: 1796 });
    }
  });

  it('refuses a fixed amount (entered in USD) for a price in another currency', () => {
    const row = previewRow(variant({ currency: 'EUR' }), fixed(-100));
    expect(row).toMatchObject({ refused: 'other-currency', newPrice: 1995, changed: false });
  });

  it('flags a dropped compare-at and the refusals', () => {
    expect(previewRow(variant({ price: 2000, compareAtPrice: 2100 }), percent(10))).toMatchObject({
      newPrice: 2200,
      compareAtDropped: true,
      changed: true,
    });
    expect(previewRow(variant({ price: 2000, compareAtPrice: 2500 }), percent(10))).toMatchObject({
      compareAtDropped: false,
    });
    expect(previewRow(variant({ price: 100 }), fixed(-500))).toMatchObject({
      refused: 'below-zero',
      newPrice: 100,
      changed: false,
    });
    expect(previewRow(variant({ price: MAX_PRICE_MINOR }), percent(1))).toMatchObject({
      refused: 'above-max',
      changed: false,
    });
  });

  it('marks a price the change leaves as it was as unchanged (it is neither written nor audited)', () => {
    expect(previewRow(variant({ price: 0 }), percent(-10))).toMatchObject({ changed: false });
    expect(previewRow(variant({ price: 0 }), fixed(-10))).toMatchObject({ changed: false });
  });

  it('totals count products, changes and flags', () => {
    const rows = [
      previewRow(variant({ id: 1, price: 1000, compareAtPrice: 1050 }), percent(10)),
      previewRow(variant({ id: 2, price: 0 }), percent(10)),
      previewRow(variant({ id: 3, productId: 11, price: MAX_PRICE_MINOR }), percent(10)),
    ];
    expect(totalsOf(rows)).toEqual({
      products: 2,
      variants: 3,
      changed: 1,
      compareAtDropped: 1,
      refused: 1,
    });
  });
});
