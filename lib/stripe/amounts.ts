/**
 * Stripe's amounts are integers in Stripe's own minor unit, which is not always ISO 4217's
 * (https://docs.stripe.com/currencies, "Supported currencies"):
 *
 * - zero-decimal: the amount is whole units ("to charge 500 JPY, provide an amount value of
 *   500"), including MGA, whose ISO minor unit has 2 digits;
 * - three-decimal (BHD, JOD, KWD, OMR, TND): thousandths, like ISO;
 * - ISK and UGX became zero-decimal, but for backward compatibility the API keeps them as
 *   two-decimal values whose decimals are always 00 (5 ISK is amount 500);
 * - HUF and TWD are two-decimal in the API (the whole-unit rule is for payouts only);
 * - every other currency: two-decimal.
 *
 * Our money is ISO minor units everywhere, so Stripe amounts are converted here, at the edge.
 */
import { currencyExponent } from '../money/currency-exponent';
import { MAX_PRICE_MINOR, priceTooHighMessage } from '../money/limits';

const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
/** In Stripe's zero-decimal list, but amounts still carry two (zero) decimals. */
const TWO_DECIMAL_WHOLE_UNITS = new Set(['ISK', 'UGX']);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** Decimal digits of Stripe's API amounts in `currency` (lower or upper case). */
export function stripeExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (TWO_DECIMAL_WHOLE_UNITS.has(code)) return 2;
  if (ZERO_DECIMAL.has(code)) return 0;
  return THREE_DECIMAL.has(code) ? 3 : 2;
}

/**
 * A Stripe amount (a price's `unit_amount`) as ISO minor units of `currency`: ISK 500 -> 5,
 * MGA 5 -> 500, USD 1999 -> 1999. RangeError for an amount ours cannot hold exactly
 * (ISK 550 is 5.5 krónur), a negative or unsafe one, or a currency ISO 4217 does not know.
 */
export function fromStripeAmount(amount: number, currency: string): number {
  const code = currency.toUpperCase();
  const iso = currencyExponent(code);
  const minor = rescale(amount, code, stripeExponent(code), iso);
  if (minor === null) {
    throw new RangeError(
      `Stripe amount ${amount} ${code} is not a whole number of ${code}'s minor unit (${iso} decimals)`,
    );
  }
  return minor;
}

/**
 * ISO minor units of `currency` as a Stripe API amount: ISK 5 -> 500, MGA 500 -> 5. RangeError
 * when Stripe cannot express it (MGA 550). Charges in three-decimal currencies must also end
 * in 0, which is the charging code's rule to apply, not a conversion.
 */
export function toStripeAmount(minor: number, currency: string): number {
  const code = currency.toUpperCase();
  const stripe = stripeExponent(code);
  const amount = rescale(minor, code, currencyExponent(code), stripe);
  if (amount === null) {
    throw new RangeError(`${minor} minor units of ${code} cannot be a Stripe amount (${stripe} decimals there)`);
  }
  return amount;
}

/** `amount` with `fromDigits` decimals as one with `toDigits`, or null when that would drop a digit. */
function rescale(amount: number, code: string, fromDigits: number, toDigits: number): number | null {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`${amount} is not a non-negative integer amount of ${code}`);
  }
  if (toDigits >= fromDigits) {
    const scaled = amount * 10 ** (toDigits - fromDigits);
    if (!Number.isSafeInteger(scaled)) throw new RangeError(`${amount} ${code} is too large`);
    return scaled;
  }
  const divisor = 10 ** (fromDigits - toDigits);
  return amount % divisor === 0 ? amount / divisor : null;
}

export interface ShopUnitAmount {
  /** ISO minor units, or null when the shop cannot sell at this price. */
  amount: number | null;
  /** Why an amount Stripe gave was refused, for the delivery's detail; null otherwise. */
  refused: string | null;
}

/**
 * A price's `unit_amount` as what the shop may sell at: converted to ISO minor units and at most
 * MAX_PRICE_MINOR. An amount that converts inexactly (ISK 550) or is too high is refused, never
 * rounded or capped; a price without one (tiered, customer-chosen) simply has none.
 */
export function shopUnitAmount(price: { id: string; unit_amount: number | null; currency: string }): ShopUnitAmount {
  if (price.unit_amount === null) return { amount: null, refused: null };
  let minor: number;
  try {
    minor = fromStripeAmount(price.unit_amount, price.currency);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { amount: null, refused: `price ${price.id} cannot be sold: ${error.message}` };
  }
  if (minor > MAX_PRICE_MINOR) {
    return {
      amount: null,
      refused: `price ${price.id} cannot be sold: ${priceTooHighMessage(price.currency.toUpperCase())}`,
    };
  }
  return { amount: minor, refused: null };
}
