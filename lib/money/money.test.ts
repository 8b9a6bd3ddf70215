import { describe, expect, it } from 'vitest';
import { parseDecimal, toDecimalString, toMoneyV2 } from './money';

describe('toDecimalString', () => {
  it.each([
    [1999, 'USD', '19.99'],
    [5, 'USD', '0.05'],
    [0, 'EUR', '0.00'],
    [100000, 'USD', '1000.00'],
    [1999, 'JPY', '1999'],
    [1999, 'KWD', '1.999'],
    [7, 'KWD', '0.007'],
    [-250, 'USD', '-2.50'],
    [150000, 'HUF', '1500.00'],
    [1500, 'ISK', '1500'],
    [99, 'IDR', '0.99'],
  ])('%i %s -> %s', (amount, currency, expected) => {
    expect(toDecimalString({ amount, currency })).toBe(expected);
  });

  it('refuses fractional minor units', () => {
    expect(() => toDecimalString({ amount: 19.5, currency: 'USD' })).toThrow(RangeError);
  });
});

describe('parseDecimal', () => {
  it.each([
    ['19.99', 'USD', 1999],
    ['19.9', 'USD', 1990],
    ['20', 'USD', 2000],
    ['0.01', 'USD', 1],
    ['1999', 'JPY', 1999],
    ['1.999', 'KWD', 1999],
    ['  4.5 ', 'EUR', 450],
    ['1500', 'HUF', 150000],
    ['1500.50', 'HUF', 150050],
    ['1500', 'ISK', 1500],
  ])('%s %s -> %i', (input, currency, amount) => {
    expect(parseDecimal(input, currency)).toEqual({ amount, currency });
  });

  it('is exact where floating point is not (0.29 * 100 = 28.999999999999996)', () => {
    expect(parseDecimal('0.29', 'USD').amount).toBe(29);
    expect(parseDecimal('1.15', 'USD').amount).toBe(115);
  });

  it.each(['abc', '1.2.3', '', '1,99', '1e3', '.5'])('rejects %j', (input) => {
    expect(() => parseDecimal(input, 'USD')).toThrow(RangeError);
  });

  it('rejects more decimals than the currency has instead of rounding', () => {
    expect(() => parseDecimal('19.999', 'USD')).toThrow(/more than 2 decimal places/);
    expect(() => parseDecimal('5.5', 'JPY')).toThrow(/more than 0 decimal places/);
    expect(() => parseDecimal('5.5', 'ISK')).toThrow(/more than 0 decimal places/);
  });

  it('round-trips with toDecimalString', () => {
    for (const [amount, currency] of [
      [1999, 'USD'],
      [1, 'KWD'],
      [123456, 'JPY'],
      [0, 'USD'],
    ] as const) {
      expect(parseDecimal(toDecimalString({ amount, currency }), currency).amount).toBe(amount);
    }
  });
});

describe('toMoneyV2', () => {
  it('gives hydrogen-react the decimal string and currency code', () => {
    expect(toMoneyV2({ amount: 1999, currency: 'USD' })).toEqual({ amount: '19.99', currencyCode: 'USD' });
  });

  it('gives <Money> the ISO-exact amount, whatever digits it then displays (HUF shows none)', () => {
    expect(toMoneyV2({ amount: 150050, currency: 'HUF' })).toEqual({ amount: '1500.50', currencyCode: 'HUF' });
  });
});
