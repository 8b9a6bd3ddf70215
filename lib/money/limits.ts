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

/**
 * Currencies the catalog may hold; anything else is refused at the edges. Each has a decimal
 * ISO 4217 minor unit (0, 2 or 3 digits) and is one Stripe and Shopify both take. HUF, ISK and
 * TWD are here on purpose: their display digits (`Intl`) and Stripe's API digits differ from
 * ISO's, so they keep the conversions at the edges honest.
 */
export const ALLOWED_CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'CAD',
  'AUD',
  'CHF',
  'JPY',
  'KWD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'ISK',
  'TWD',
] as const;
export type AllowedCurrency = (typeof ALLOWED_CURRENCIES)[number];
