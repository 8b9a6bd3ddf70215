import { currencyExponent } from '../money/currency-exponent';
import { parseDecimal } from '../money/money';

/** Plain non-negative decimal: digits, optionally a point and more digits. No sign, exponent, spaces or separators. */
const SHOPIFY_DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * A Shopify REST price ("19.99", "19.9", "20", "1.500" KWD, "1999" or "1999.00" JPY, "1500.00"
 * HUF) as an integer number of ISO 4217 minor units of `currency`, exactly: string digits only,
 * never a float.
 *
 * Shopify pads with zeros it doesn't mean ("1999.00" for a zero-decimal currency), so zeros
 * beyond the currency's decimals are dropped; any other excess digit ("19.999" USD, "1999.5"
 * JPY) is an error rather than a rounding, because a price must never change silently.
 * Negative amounts, empty strings and anything that isn't a plain decimal throw RangeError.
 * The shop's currency isn't in the product payload; the caller supplies it.
 */
export function parseShopifyPrice(decimal: string, currency: string): number {
  const match = typeof decimal === 'string' ? SHOPIFY_DECIMAL.exec(decimal) : null;
  if (!match) throw new RangeError(`${JSON.stringify(decimal)} is not a Shopify decimal price`);
  const [, whole = '0', fraction = ''] = match;

  const digits = currencyExponent(currency);
  const excess = fraction.slice(digits);
  if (/[^0]/.test(excess)) {
    throw new RangeError(`"${decimal}" has more than ${digits} decimal places for ${currency}`);
  }
  const kept = fraction.slice(0, digits);
  return parseDecimal(kept ? `${whole}.${kept}` : whole, currency).amount;
}
