import { describe, expect, it } from 'vitest';
import { fromStripeAmount, shopUnitAmount, stripeExponent, toStripeAmount } from './amounts';

describe('stripeExponent', () => {
  it.each([
    ['usd', 2],
    ['jpy', 0],
    ['krw', 0],
    ['mga', 0],
    ['kwd', 3],
    ['bhd', 3],
    ['huf', 2],
    ['twd', 2],
    ['isk', 2], // zero-decimal, written with two zero decimals
    ['ugx', 2],
    ['idr', 2],
    ['JPY', 0],
  ])('%s amounts have %i decimals in the API', (currency, digits) => {
    expect(stripeExponent(currency)).toBe(digits);
  });
});

describe('fromStripeAmount', () => {
  it.each([
    [1999, 'usd', 1999],
    [500, 'jpy', 500],
    [5120, 'kwd', 5120],
    [150000, 'huf', 150000],
    [500, 'isk', 5],
    [150000, 'isk', 1500],
    [500, 'ugx', 5],
    [5, 'mga', 500],
    [0, 'isk', 0],
    [1999, 'USD', 1999],
  ])('%i %s -> %i ISO minor units', (amount, currency, minor) => {
    expect(fromStripeAmount(amount, currency)).toBe(minor);
  });

  it.each([
    [550, 'isk'],
    [501, 'isk'],
    [550, 'ugx'],
  ])('refuses %i %s: a fraction of a unit the currency no longer has', (amount, currency) => {
    expect(() => fromStripeAmount(amount, currency)).toThrow(RangeError);
    expect(() => fromStripeAmount(amount, currency)).toThrow(/not a whole number/);
  });

  it.each([
    [-1, 'usd'],
    [19.5, 'usd'],
    [Number.MAX_SAFE_INTEGER, 'mga'], // times 100 is past exact integers
  ])('refuses %d %s', (amount, currency) => {
    expect(() => fromStripeAmount(amount, currency)).toThrow(RangeError);
  });

  it('refuses a currency ISO 4217 does not know', () => {
    expect(() => fromStripeAmount(100, 'xyz')).toThrow(RangeError);
  });
});

describe('toStripeAmount', () => {
  it.each([
    [1999, 'USD', 1999],
    [500, 'JPY', 500],
    [5120, 'KWD', 5120],
    [150000, 'HUF', 150000],
    [5, 'ISK', 500],
    [1500, 'ISK', 150000],
    [5, 'UGX', 500],
    [500, 'MGA', 5],
  ])('%i %s minor units -> Stripe amount %i', (minor, currency, amount) => {
    expect(toStripeAmount(minor, currency)).toBe(amount);
  });

  it('refuses what Stripe cannot express (MGA has no decimals there)', () => {
    expect(() => toStripeAmount(550, 'MGA')).toThrow(/cannot be a Stripe amount/);
  });

  it('round-trips every representable amount', () => {
    for (const currency of ['USD', 'JPY', 'KWD', 'HUF', 'ISK', 'UGX', 'MGA', 'TWD']) {
      for (const minor of [0, 100, 1500, 99_999_900]) {
        expect(fromStripeAmount(toStripeAmount(minor, currency), currency)).toBe(minor);
      }
    }
  });
});

describe('shopUnitAmount', () => {
  const price = (unit_amount: number | null, currency: string) => ({ id: 'price_1', unit_amount, currency });

  it('converts a sellable amount', () => {
    expect(shopUnitAmount(price(150000, 'ISK'))).toEqual({ amount: 1500, refused: null });
  });

  it('has no amount, and nothing to explain, for a price without one (tiered, customer-chosen)', () => {
    expect(shopUnitAmount(price(null, 'USD'))).toEqual({ amount: null, refused: null });
  });

  it('refuses an inexact amount with the reason', () => {
    expect(shopUnitAmount(price(550, 'ISK'))).toEqual({
      amount: null,
      refused:
        "price price_1 cannot be sold: Stripe amount 550 ISK is not a whole number of ISK's minor unit (0 decimals)",
    });
  });

  it('refuses an amount above the maximum, named in the currency (after conversion)', () => {
    expect(shopUnitAmount(price(9_999_999_900, 'ISK'))).toEqual({ amount: 99_999_999, refused: null });
    expect(shopUnitAmount(price(10_000_000_000, 'ISK'))).toEqual({
      amount: null,
      refused: 'price price_1 cannot be sold: Price is too high (at most 99999999 ISK)',
    });
    expect(shopUnitAmount(price(100_000_000, 'USD')).refused).toContain('at most 999999.99 USD');
  });
});
