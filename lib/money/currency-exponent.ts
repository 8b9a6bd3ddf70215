/**
 * How many decimal digits a currency's minor unit has, from ISO 4217 (dinero.js's table, which
 * tracks the standard's amendments). Not from `Intl`: its digits are for display, and on Node 20
 * they say 0 for HUF and IDR, whose minor unit ISO (and Shopify) gives 2 digits.
 */
import * as iso4217 from 'dinero.js/currencies';

/**
 * MGA and MRU divide into fifths, which dinero.js models as base 5; ISO 4217's minor-unit column
 * (what payment APIs and decimal prices follow) gives them 2 digits. Any other non-decimal
 * currency a later table adds is left out rather than guessed.
 */
const ISO_DIGITS_OF_FIFTHS: Readonly<Record<string, number>> = { MGA: 2, MRU: 2 };

const EXPONENTS: ReadonlyMap<string, number> = new Map(
  Object.values(iso4217).flatMap(({ code, base, exponent }) => {
    const digits = base === 10 ? exponent : ISO_DIGITS_OF_FIFTHS[code];
    return digits === undefined ? [] : [[code, digits] as const];
  }),
);

/** ISO 4217 minor-unit digits of an upper-case currency code: USD 2, JPY 0, KWD 3, HUF 2, ISK 0. */
export function currencyExponent(currency: string): number {
  const exponent = EXPONENTS.get(currency);
  if (exponent === undefined) throw new RangeError(`${JSON.stringify(currency)} is not an ISO 4217 currency code`);
  return exponent;
}
