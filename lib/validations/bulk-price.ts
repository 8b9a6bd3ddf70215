import { z } from 'zod';
import { dbId, dbIdFromText, MAX_INT4 } from './db-id';
import { hasAtMostTwoDecimals, MAX_PERCENT, MAX_PRICE_MINOR, MIN_PERCENT } from '../catalog/bulk-price-rules';

const id = dbId;

const target = z.union([
  z.strictObject({ categoryId: id }),
  z.strictObject({ productIds: z.array(id).min(1, 'Select at least one product').max(500) }),
]);

const percent = z
  .number({ error: 'Enter a percentage like -10 or 12.5' })
  .min(MIN_PERCENT, `At least ${MIN_PERCENT} %`)
  .max(MAX_PERCENT, `At most +${MAX_PERCENT} %`)
  .refine(hasAtMostTwoDecimals, 'At most 2 decimal places')
  .refine((value) => value !== 0, 'Enter a change other than 0');

const amountMinor = z
  .number({ error: 'Enter an amount like -2.50' })
  .int('Enter a whole number of minor units')
  .min(-MAX_PRICE_MINOR, 'Amount is too large')
  .max(MAX_PRICE_MINOR, 'Amount is too large')
  .refine((value) => value !== 0, 'Enter an amount other than 0');

const adjustment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), percent }),
  z.object({ kind: z.literal('fixed'), amountMinor }),
]);

/** What the bulk page sends for a preview, and which page of its rows to show. */
export const bulkPricePreviewSchema = z.object({
  target,
  adjustment,
  page: z.number().int().min(1).max(MAX_INT4).optional(),
});

/**
 * The preview's request again, plus its token (the versions it saw): the job is created only if
 * no price moved since. No cap on the number of variants: the job applies them in batches.
 */
export const bulkPriceApplySchema = z.object({
  target,
  adjustment,
  previewToken: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a preview token'),
});

export type BulkPricePreviewInput = z.infer<typeof bulkPricePreviewSchema>;
export type BulkPriceApplyInput = z.infer<typeof bulkPriceApplySchema>;

/** `/admin/bulk?products=1&products=2`: the selection from the product list; anything malformed means none. */
export const bulkSelectionQuerySchema = z.object({
  products: z
    .preprocess((value) => (value === undefined ? [] : [value].flat()), z.array(dbIdFromText).max(500))
    .catch([]),
});
