import type { AllowedCurrency } from './limits';

/**
 * The shop's own currency: fixed amounts of a bulk price change are entered in it, and cannot
 * apply to prices in another one. Pure, so the admin's browser code can name it too.
 */
export const SHOP_CURRENCY = 'USD' satisfies AllowedCurrency;
