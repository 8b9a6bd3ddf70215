/**
 * Money is an integer number of minor units plus an ISO 4217 currency code. These helpers
 * convert at the edges (display, JSON-LD, decimal input) without ever going through floats.
 */
import { currencyExponent } from './currency-exponent';

export interface Money {
  /** Integer minor units: 1999 means 19.99 for USD, 1999 yen for JPY, 1.999 for KWD. */
  amount: number;
  currency: string;
}

/** "19.99" for { amount: 1999, currency: 'USD' }: exact, with the currency's ISO 4217 number of decimals. */
export function toDecimalString({ amount, currency }: Money): string {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`amount must be an integer number of minor units, got ${amount}`);
  const digits = currencyExponent(currency);
  const sign = amount < 0 ? '-' : '';
  const magnitude = String(Math.abs(amount)).padStart(digits + 1, '0');
  if (digits === 0) return sign + magnitude;
  return `${sign}${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
}

/**
 * Parses a decimal string ("19.99", "20", "1.5") into minor units of `currency`. Rejects
 * more decimals than the currency has rather than rounding: a price must never change silently.
 */
export function parseDecimal(input: string, currency: string): Money {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(input.trim());
  if (!match) throw new RangeError(`"${input}" is not a decimal amount`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const digits = currencyExponent(currency);
  if (fraction.length > digits) {
    throw new RangeError(`"${input}" has more than ${digits} decimal places for ${currency}`);
  }
  const amount = Number(whole + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(amount)) throw new RangeError(`"${input}" is too large`);
  return { amount: sign === '-' && amount !== 0 ? -amount : amount, currency };
}

/** The MoneyV2 shape @shopify/hydrogen-react's <Money> expects. */
export function toMoneyV2(money: Money): { amount: string; currencyCode: string } {
  return { amount: toDecimalString(money), currencyCode: money.currency };
}
