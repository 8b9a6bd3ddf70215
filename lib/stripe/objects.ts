/**
 * The parts of Stripe's objects and events the shop uses (the catalog's products and prices, and
 * the checkout's sessions), parsed with zod into our own types.
 * Anything else Stripe sends is ignored. Amounts stay integers of minor units, as Stripe sends them.
 */
import { z } from 'zod';

/**
 * Any id Stripe sends, taken as opaque: Stripe lets a product's id be chosen (`sku-123`), and old
 * accounts have prices with `plan_` ids. The column holds 255 characters.
 */
const stripeId = z.string().min(1).max(255);
/** Stripe's `created`: Unix seconds, up to the year 9999 (what a date column holds). */
const createdAt = z.int().positive().max(253_402_300_799);
const expandableId = z.union([stripeId, z.object({ id: stripeId }).transform((o) => o.id)]);

export const stripePriceSchema = z.object({
  id: stripeId,
  object: z.literal('price'),
  active: z.boolean(),
  currency: z
    .string()
    .length(3)
    .transform((c) => c.toUpperCase()),
  /** null for tiered and customer-chosen prices: nothing a product page can show. */
  unit_amount: z.int().nonnegative().nullable(),
  product: expandableId,
  type: z.enum(['one_time', 'recurring']),
  lookup_key: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  created: createdAt,
});

export const stripeProductSchema = z.object({
  id: stripeId,
  object: z.literal('product'),
  active: z.boolean(),
  name: z.string(),
  description: z.string().nullable(),
  default_price: expandableId.nullable().optional(),
  metadata: z.record(z.string(), z.string()),
  created: createdAt,
});

/** A Checkout Session as its events carry it: what Stripe charged, and which checkout of ours it is. */
export const stripeCheckoutSessionSchema = z.object({
  id: stripeId,
  object: z.literal('checkout.session'),
  status: z.enum(['open', 'complete', 'expired']).nullable(),
  payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']),
  mode: z.enum(['payment', 'setup', 'subscription']),
  /** Minor units; null only for setup sessions, which this shop never makes. */
  amount_subtotal: z.int().nonnegative().nullable(),
  amount_total: z.int().nonnegative().nullable(),
  currency: z
    .string()
    .length(3)
    .transform((c) => c.toUpperCase())
    .nullable(),
  client_reference_id: z.string().max(200).nullable(),
  metadata: z.record(z.string(), z.string()).nullable(),
  customer_details: z
    .object({ email: z.string().max(254).nullable().optional() })
    .nullable()
    .optional(),
  payment_intent: expandableId.nullable().optional(),
  created: createdAt,
});

export type StripeCheckoutSessionObject = z.infer<typeof stripeCheckoutSessionSchema>;
export type StripePriceObject = z.infer<typeof stripePriceSchema>;
export type StripeProductObject = z.infer<typeof stripeProductSchema>;

const envelope = { id: stripeId, created: createdAt };

/** The Checkout events an order is recorded from (subscribe the endpoint to them: README "Connect Stripe"). */
export const CHECKOUT_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const;
export type StripeCheckoutEventType = (typeof CHECKOUT_EVENT_TYPES)[number];
const checkoutData = z.object({ object: stripeCheckoutSessionSchema });

export const stripeCatalogEventSchema = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.literal('product.created'), data: z.object({ object: stripeProductSchema }) }),
  z.object({ ...envelope, type: z.literal('product.updated'), data: z.object({ object: stripeProductSchema }) }),
  z.object({ ...envelope, type: z.literal('product.deleted'), data: z.object({ object: stripeProductSchema }) }),
  z.object({ ...envelope, type: z.literal('price.created'), data: z.object({ object: stripePriceSchema }) }),
  z.object({ ...envelope, type: z.literal('price.updated'), data: z.object({ object: stripePriceSchema }) }),
  z.object({ ...envelope, type: z.literal('price.deleted'), data: z.object({ object: stripePriceSchema }) }),
  z.object({ ...envelope, type: z.literal('checkout.session.completed'), data: checkoutData }),
  z.object({ ...envelope, type: z.literal('checkout.session.async_payment_succeeded'), data: checkoutData }),
  z.object({ ...envelope, type: z.literal('checkout.session.async_payment_failed'), data: checkoutData }),
  z.object({ ...envelope, type: z.literal('checkout.session.expired'), data: checkoutData }),
]);

export type StripeCatalogEvent = z.infer<typeof stripeCatalogEventSchema>;
export type StripeCatalogEventType = StripeCatalogEvent['type'];
export const STRIPE_CATALOG_EVENT_TYPES: readonly StripeCatalogEventType[] = [
  'product.created',
  'product.updated',
  'product.deleted',
  'price.created',
  'price.updated',
  'price.deleted',
  ...CHECKOUT_EVENT_TYPES,
];

/** The sku a price is for, by our convention: `metadata.sku`, else a `lookup_key`. */
export function skuOfPrice(price: { metadata: Record<string, string>; lookup_key: string | null }): string | null {
  const sku = price.metadata.sku?.trim() || price.lookup_key?.trim();
  return sku ? sku.slice(0, 64) : null;
}

/** The metadata key prefix of a price's option values: `option.Size` = `M`, `option.Colour` = `Navy`. */
export const OPTION_METADATA_PREFIX = 'option.';

/**
 * The option values a price's metadata gives its variant, by option name (`option.Size` = `M`
 * gives { Size: 'M' }). Blank names and values are left out.
 */
export function optionsOfPrice(price: { metadata: Record<string, string> }): Record<string, string> {
  const options: Record<string, string> = {};
  for (const [key, raw] of Object.entries(price.metadata)) {
    if (!key.startsWith(OPTION_METADATA_PREFIX)) continue;
    const name = key.slice(OPTION_METADATA_PREFIX.length).trim();
    const value = raw.trim();
    if (name && value) options[name] = value;
  }
  return options;
}
