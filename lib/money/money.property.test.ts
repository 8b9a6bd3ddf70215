/**
 * Money parsing at every boundary, over generated inputs: any amount round-trips exactly, and any
 * text either parses to the exact amount it spells or is refused (RangeError), never rounded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShopifyPrice } from '../shopify/decimal-price';
import { fromStripeAmount, stripeExponent, toStripeAmount } from '../stripe/amounts';
import { currencyExponent } from './currency-exponent';
import { ALLOWED_CURRENCIES, MAX_PRICE_MINOR } from './limits';
import { parseDecimal, toDecimalString } from './money';

const currency = fc.constantFrom(...ALLOWED_CURRENCIES, 'UGX', 'MGA', 'BHD', 'CLF');
const amount = fc.integer({ min: 0, max: MAX_PRICE_MINOR });

/** What `text` spells in minor units of `code`, computed with bigint digits (no floats), or null. */
function spelled(text: string, code: string): bigint | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const [, whole = '', fraction = ''] = match;
  const digits = currencyExponent(code);
  if (/[^0]/.test(fraction.slice(digits))) return null;
  return BigInt(whole + fraction.slice(0, digits).padEnd(digits, '0'));
}

describe('money across its boundaries', () => {
  it('an amount written as a decimal reads back exactly, in every currency', () => {
    fc.assert(
      fc.property(currency, amount, (code, minor) => {
        const text = toDecimalString({ amount: minor, currency: code });
        expect(parseDecimal(text, code)).toEqual({ amount: minor, currency: code });
        expect(parseShopifyPrice(text, code)).toBe(minor);
      }),
      { numRuns: 3_000 },
    );
  });

  it('any text Shopify could send either parses to exactly what it spells or is refused', () => {
    const text = fc.oneof(
      fc.string(),
      fc.stringMatching(/^\d{1,12}(\.\d{0,6})?$/),
      fc.tuple(amount, currency).map(([minor, code]) => toDecimalString({ amount: minor, currency: code })),
    );
    fc.assert(
      fc.property(text, currency, (input, code) => {
        let parsed: number | RangeError;
        try {
          parsed = parseShopifyPrice(input, code);
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          parsed = error;
        }
        const expected = spelled(input, code);
        if (parsed instanceof RangeError) {
          // Refused: only what does not spell an amount, or one too large to hold exactly.
          expect(expected === null || expected > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
        } else {
          expect(BigInt(parsed)).toBe(expected);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('a Stripe amount converts to minor units and back exactly, or is refused', () => {
    fc.assert(
      fc.property(currency, fc.integer({ min: 0, max: 10 ** 11 }), (code, stripeAmount) => {
        let minor: number;
        try {
          minor = fromStripeAmount(stripeAmount, code);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
          // Refused only when Stripe's unit is finer than ours and the amount uses it (ISK 550).
          expect(stripeExponent(code)).toBeGreaterThan(currencyExponent(code));
          return;
        }
        expect(toStripeAmount(minor, code)).toBe(stripeAmount);
      }),
      { numRuns: 3_000 },
    );
  });
});
