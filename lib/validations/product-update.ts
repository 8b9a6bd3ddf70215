import { z } from 'zod';
import { dbId, MAX_INT4 } from './db-id';
import { MAX_PRICE_MINOR } from '../money/limits';
import { pgText } from './pg-text';
import { SLUG_PATTERN } from '../storefront/paths';

const priceMinor = z
  .number({ error: 'Enter a price' })
  .int('Price must be a whole number of cents')
  .min(0, 'Price cannot be negative')
  // The form names the maximum in the variant's currency; the API cannot know which one applies here.
  .max(MAX_PRICE_MINOR, 'Price is too high');

const variantUpdate = z
  .object({
    id: dbId,
    price: priceMinor,
    compareAtPrice: priceMinor.nullable(),
    stock: z.number().int('Stock must be a whole number').min(0, 'Stock cannot be negative').max(1_000_000),
  })
  .refine((v) => v.compareAtPrice === null || v.compareAtPrice > v.price, {
    message: 'Compare-at price must be higher than the price',
    path: ['compareAtPrice'],
  });

function firstRepeats<T>(values: readonly T[]): number[] {
  return values.flatMap((value, i) => (values.indexOf(value) < i ? [i] : []));
}

/**
 * What the product form sends: the whole editable product plus the version it was based on.
 * A variant's currency is not editable here (its prices are in it), so it is not part of the input.
 */
export const productUpdateSchema = z
  .object({
    version: z.number().int().min(1).max(MAX_INT4),
    slug: z
      .string()
      .max(120, 'At most 120 characters')
      .regex(SLUG_PATTERN, 'Use lowercase letters, digits and single hyphens'),
    title: pgText.trim().min(1, 'Enter a title').max(200, 'At most 200 characters'),
    description: pgText.max(5000, 'At most 5,000 characters'),
    status: z.enum(['ACTIVE', 'DRAFT', 'ARCHIVED']),
    featured: z.boolean(),
    categoryIds: z.array(dbId).max(20),
    variants: z.array(variantUpdate).min(1).max(100),
  })
  .superRefine(({ categoryIds, variants }, ctx) => {
    if (firstRepeats(categoryIds).length > 0)
      ctx.addIssue({ code: 'custom', path: ['categoryIds'], message: 'Each category can be chosen only once' });
    for (const index of firstRepeats(variants.map((v) => v.id)))
      ctx.addIssue({ code: 'custom', path: ['variants', index, 'id'], message: 'This variant is listed twice' });
  });

export type ProductUpdate = z.infer<typeof productUpdateSchema>;
