import { describe, expect, it } from 'vitest';
import { currencyExponent } from './currency-exponent';

describe('currencyExponent', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['HUF', 2], // Intl on Node 20 says 0 (display digits)
    ['IDR', 2], // Intl on Node 20 says 0
    ['ISK', 0],
    ['UGX', 0],
    ['TWD', 2],
    ['CLF', 4],
    ['MGA', 2], // a fifth in reality, 2 digits in ISO 4217's table
    ['MRU', 2],
  ])('%s has %i minor-unit digits', (currency, digits) => {
    expect(currencyExponent(currency)).toBe(digits);
  });

  it.each(['US', 'USDX', 'usd', 'ABC', 'XXX', 'XAU', ''])('refuses %j, which is no ISO 4217 currency code', (code) => {
    expect(() => currencyExponent(code)).toThrow(RangeError);
  });
});
