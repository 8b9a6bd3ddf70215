import { toDecimalString } from './money';

/**
 * The highest price the shop accepts, in minor units: 999999.99 USD, but 99999999 JPY and
 * 99999.999 KWD, so a message naming it must say it in the price's own currency.
 */
export const MAX_PRICE_MINOR = 99_999_999;

/** "Price is too high (at most 999999.99 USD)", in the currency's own decimals. */
export function priceTooHighMessage(currency: string): string {
  return `Price is too high (at most ${toDecimalString({ amount: MAX_PRICE_MINOR, currency })} ${currency})`;
}

/** Currencies the catalog may hold; anything else is refused at the edges. */
export const ALLOWED_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'KWD'] as const;
export type AllowedCurrency = (typeof ALLOWED_CURRENCIES)[number];
