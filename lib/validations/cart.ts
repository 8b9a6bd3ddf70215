import { z } from 'zod';
import { MAX_PRICE_MINOR } from '../money/limits';
import { dbId, dbIdFromText } from './db-id';

/** The most of one variant a cart holds (and never more than the stock). */
export const MAX_LINE_QUANTITY = 99;
/** The most lines a cart holds: a Stripe Checkout Session takes at most 100 line items. */
export const MAX_CART_LINES = 50;

// Forms send text and scripts send numbers: both are read the same way.
const quantity = z.coerce.number().int('Enter a whole number').min(0).max(MAX_LINE_QUANTITY);

const variantId = z.union([dbId, dbIdFromText]);

/**
 * What the product page says it showed (`seenAmount` minor units of `seenCurrency`). Never
 * charged: only compared with the database's price at checkout, so a shopper who saw another
 * price is asked to confirm the new one. Without it, the database's price counts as seen.
 */
export const addToCartInput = z
  .object({
    variantId,
    quantity: quantity.min(1).default(1),
    seenAmount: z.coerce.number().int().min(0).max(MAX_PRICE_MINOR).optional(),
    seenCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
  })
  .transform(({ seenAmount, seenCurrency, ...rest }) => ({
    ...rest,
    seenPrice: seenAmount !== undefined && seenCurrency ? { amount: seenAmount, currency: seenCurrency } : null,
  }));

export const setQuantityInput = z.object({ variantId, quantity });

export const removeLineInput = z.object({ variantId });

export type AddToCartInput = z.infer<typeof addToCartInput>;

/**
 * The prices the cart page showed as new, which the shopper accepts: `<variantId>:<amount>:<currency>`
 * each (a form repeats the field). Only these become the seen prices, so a price that moved again
 * since the page was shown is refused at checkout once more.
 */
const acceptedPrice = z
  .string()
  .regex(/^[1-9]\d{0,9}:\d{1,9}:[A-Z]{3}$/)
  .transform((text) => {
    const [variantId, amount, currency] = text.split(':') as [string, string, string];
    return { variantId: Number(variantId), amount: Number(amount), currency };
  })
  .pipe(z.object({ variantId: dbId, amount: z.number().int().min(0).max(MAX_PRICE_MINOR), currency: z.string() }));

export const confirmPricesInput = z.object({
  accepted: z.union([acceptedPrice.transform((one) => [one]), z.array(acceptedPrice).max(100)]),
});

export type AcceptedPrice = z.infer<typeof acceptedPrice>;
