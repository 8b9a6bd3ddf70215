import { z } from 'zod';

/**
 * The parts of a products/create or products/update webhook body the storefront uses. Anything
 * else in the body (images, media, category, …) is stripped by z.object.
 *
 * Ids are opaque digits and stay exact: bodies are read with parseExactJson, which keeps an
 * integer past 2^53 (Shopify's documentation samples use 18-digit ids) as a bigint, and they
 * must agree with the digits of their gids. Prices stay decimal strings here; parseShopifyPrice
 * turns them into minor units once the shop's currency is known (it isn't in the payload).
 */

/** The largest id Shopify can send: its ids are UnsignedInt64 (GraphQL sends them as digit strings). */
const MAX_SHOPIFY_ID = 2n ** 64n - 1n;

/** A Shopify numeric id as its exact decimal digits (JSON number, bigint, or GraphQL's UnsignedInt64 string). */
export const shopifyNumericId = z
  .union([z.int().positive(), z.bigint().positive().max(MAX_SHOPIFY_ID), z.string().regex(/^[1-9]\d{0,19}$/)])
  .transform((id) => String(id))
  .refine((id) => BigInt(id) <= MAX_SHOPIFY_ID, 'not a Shopify id (above 2^64 - 1)');
const numericId = shopifyNumericId;
// Years 1-9999: ISO 8601 and JavaScript take year 0000, PostgreSQL has no year 0.
const timestamp = z.iso.datetime({ offset: true }).refine((t) => !t.startsWith('0000-'), 'year 0000 does not exist');
const decimalPrice = z.string().regex(/^\d+(\.\d+)?$/, 'not a decimal price');

const gidOf = (resource: 'Product' | 'ProductVariant') =>
  z.string().regex(new RegExp(`^gid://shopify/${resource}/[1-9]\\d{0,19}$`), `not a ${resource} gid`);

/** Adds an issue unless the gid ends in exactly `/<id>`. Runs even when the id was too big. */
function gidMatchesId(value: { id: string; admin_graphql_api_id: string }, ctx: z.RefinementCtx) {
  const { id, admin_graphql_api_id: gid } = value;
  if (typeof gid === 'string' && !gid.endsWith(`/${id}`)) {
    ctx.addIssue({
      code: 'custom',
      path: ['admin_graphql_api_id'],
      message: `gid ${gid} does not match id ${id}`,
    });
  }
}

export const shopifyVariantPayloadSchema = z
  .object({
    id: numericId,
    admin_graphql_api_id: gidOf('ProductVariant'),
    sku: z.string().nullable(),
    title: z.string(),
    price: decimalPrice,
    compare_at_price: decimalPrice.nullable(),
    // Negative when the variant keeps selling out of stock (inventory_policy "continue").
    inventory_quantity: z.int().min(-2_147_483_648).max(2_147_483_647),
    position: z.int().nonnegative(),
    // The variant's value of the product's option at position 1, 2 and 3 (null when it has fewer).
    option1: z.string().nullable().default(null),
    option2: z.string().nullable().default(null),
    option3: z.string().nullable().default(null),
  })
  .superRefine(gidMatchesId);

export const shopifyProductPayloadSchema = z
  .object({
    id: numericId,
    admin_graphql_api_id: gidOf('Product'),
    title: z.string(),
    body_html: z.string().nullable(),
    handle: z.string().min(1),
    // 'unlisted' exists from API version 2025-10; older versions report those products as 'active'.
    status: z.enum(['active', 'draft', 'archived', 'unlisted']),
    updated_at: timestamp,
    /**
     * The product's options (at most 3), each with its values in order; `position` is 1-based.
     * Absent from bodies built from the Admin API (reconcile): ours are then left as they are.
     */
    options: z
      .array(z.object({ name: z.string(), position: z.int().min(1).max(3), values: z.array(z.string()) }))
      .max(3)
      .optional(),
    /** The first 100 variants in full (Shopify's limit since API version 2024-04). */
    variants: z.array(shopifyVariantPayloadSchema),
    /**
     * Every variant's gid, also those past the first 100 that `variants` leaves out: a variant
     * named only here still exists and must be left as it is.
     */
    variant_gids: z.array(z.object({ admin_graphql_api_id: gidOf('ProductVariant') })).default([]),
  })
  .superRefine(gidMatchesId);

/**
 * products/delete sends only the product id. Strict because X-Shopify-Topic is not covered by
 * the HMAC: a captured products/update body resent as products/delete must be refused, not
 * read as "delete this product".
 */
export const shopifyProductDeletePayloadSchema = z.strictObject({ id: numericId });

export type ShopifyProductPayload = z.infer<typeof shopifyProductPayloadSchema>;
export type ShopifyVariantPayload = z.infer<typeof shopifyVariantPayloadSchema>;
export type ShopifyProductDeletePayload = z.infer<typeof shopifyProductDeletePayloadSchema>;
