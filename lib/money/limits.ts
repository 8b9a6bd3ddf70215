/** The highest price the shop accepts, in minor units (999,999.99 in a 2-decimal currency). */
export const MAX_PRICE_MINOR = 99_999_999;

/** Currencies the catalog may hold; anything else is refused at the edges. */
export const ALLOWED_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'KWD'] as const;
export type AllowedCurrency = (typeof ALLOWED_CURRENCIES)[number];
