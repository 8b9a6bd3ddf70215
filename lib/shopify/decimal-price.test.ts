import { describe, expect, it } from 'vitest';
import { parseShopifyPrice } from './decimal-price';

describe('parseShopifyPrice', () => {
  it.each([
    // USD: 2 decimals
    ['19.99', 'USD', 1999],
    ['19.9', 'USD', 1990],
    ['20', 'USD', 2000],
    ['0.05', 'USD', 5],
    ['0', 'USD', 0],
    ['0.00', 'USD', 0],
    ['19.990', 'USD', 1999],
    ['19.9900000', 'USD', 1999],
    ['999999.99', 'USD', 99999999],
    ['007.50', 'USD', 750],
    // JPY: 0 decimals
    ['1999', 'JPY', 1999],
    ['1999.00', 'JPY', 1999],
    ['1999.0', 'JPY', 1999],
    ['0', 'JPY', 0],
    // KWD: 3 decimals
    ['1.500', 'KWD', 1500],
    ['1.5', 'KWD', 1500],
    ['1.999', 'KWD', 1999],
    ['0.007', 'KWD', 7],
    ['7.5000', 'KWD', 7500],
    ['12', 'KWD', 12000],
    // HUF and IDR: 2 decimals in ISO 4217 (Intl displays them with none)
    ['1500.00', 'HUF', 150000],
    ['1500', 'HUF', 150000],
    ['1500.50', 'HUF', 150050],
    ['25000.00', 'IDR', 2500000],
    // ISK: 0 decimals
    ['1500', 'ISK', 1500],
    ['1500.00', 'ISK', 1500],
  ])('%s %s -> %i', (decimal, currency, expected) => {
    expect(parseShopifyPrice(decimal, currency)).toBe(expected);
  });

  it('is exact where floats are not', () => {
    // In floating point 0.29 * 100 = 28.999999999999996, 1.005 * 1000 = 1004.9999999999999, 4.35 * 100 = 434.99999999999994.
    expect(parseShopifyPrice('0.29', 'USD')).toBe(29);
    expect(parseShopifyPrice('1.005', 'KWD')).toBe(1005);
    expect(parseShopifyPrice('4.35', 'USD')).toBe(435);
  });

  it.each([
    ['19.999', 'USD'],
    ['19.991', 'USD'],
    ['19.9901', 'USD'],
    ['0.001', 'USD'],
    ['1999.5', 'JPY'],
    ['1999.01', 'JPY'],
    ['1999.001', 'JPY'],
    ['1.5001', 'KWD'],
    ['1.0005', 'KWD'],
    ['1500.5', 'ISK'],
    ['1500.001', 'HUF'],
  ])('rejects non-zero digits beyond the currency: %s %s', (decimal, currency) => {
    expect(() => parseShopifyPrice(decimal, currency)).toThrow(/decimal places/);
  });

  it.each(['-19.99', '-0', '-0.00', '-1999'])('rejects a negative price: %s', (decimal) => {
    expect(() => parseShopifyPrice(decimal, 'USD')).toThrow(RangeError);
  });

  it.each([
    '',
    ' ',
    ' 19.99',
    '19.99 ',
    '+19.99',
    '.99',
    '19.',
    '19..99',
    '19.9.9',
    '1,999.00',
    '1999,00',
    '1e3',
    '0x10',
    'NaN',
    'Infinity',
    '19.99USD',
    '$19.99',
    '１９.９９',
    '١٩.٩٩',
  ])('rejects junk: %j', (decimal) => {
    expect(() => parseShopifyPrice(decimal, 'USD')).toThrow(RangeError);
  });

  it('rejects values that are not strings at runtime (an unvalidated payload)', () => {
    expect(() => parseShopifyPrice(19.99 as unknown as string, 'USD')).toThrow(RangeError);
    expect(() => parseShopifyPrice(null as unknown as string, 'USD')).toThrow(RangeError);
  });

  it('rejects amounts too large to hold exactly', () => {
    expect(() => parseShopifyPrice('90071992547409.92', 'USD')).toThrow(/too large/);
    expect(parseShopifyPrice('90071992547409.91', 'USD')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('rejects an invalid currency code', () => {
    expect(() => parseShopifyPrice('19.99', 'US')).toThrow(RangeError);
  });
});
