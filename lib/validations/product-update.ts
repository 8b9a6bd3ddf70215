import { z } from 'zod';
import { ALLOWED_CURRENCIES, MAX_PRICE_MINOR } from '../money/limits';
import { SLUG_PATTERN } from '../revalidation/storefront-paths';

const priceMinor = z
  .number({ error: 'Enter a price' })
  .int('Price must be a whole number of cents')
  .min(0, 'Price cannot be negative')
  .max(MAX_PRICE_MINOR, 'Price is too high (at most 999,999.99)');

const variantUpdate = z
  .object({
    id: z.number().int().positive(),
    price: priceMinor,
    compareAtPrice: priceMinor.nullable(),
    stock: z.number().int('Stock must be a whole number').min(0, 'Stock cannot be negative').max(1_000_000),
    currency: z.enum(ALLOWED_CURRENCIES, { error: 'Currency is not one the shop accepts' }).optional(),
  })
  .refine((v) => v.compareAtPrice === null || v.compareAtPrice > v.price, {
    message: 'Compare-at price must be higher than the price',
    path: ['compareAtPrice'],
  });

/** What the product form sends: the whole editable product plus the version it was based on. */
export const productUpdateSchema = z.object({
  version: z.number().int().positive(),
  slug: z
    .string()
    .max(120, 'At most 120 characters')
    .regex(SLUG_PATTERN, 'Use lowercase letters, digits and single hyphens'),
  title: z.string().trim().min(1, 'Enter a title').max(200, 'At most 200 characters'),
  description: z.string().max(5000, 'At most 5,000 characters'),
  status: z.enum(['ACTIVE', 'DRAFT', 'ARCHIVED']),
  featured: z.boolean(),
  categoryIds: z.array(z.number().int().positive()).max(20),
  variants: z.array(variantUpdate).min(1).max(100),
});

export type ProductUpdate = z.infer<typeof productUpdateSchema>;
