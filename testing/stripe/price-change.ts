import type Stripe from 'stripe';
import { toStripeAmount } from '../../lib/stripe/amounts';
import { stripeEvent, stripePrice, stripeProduct, unixNow } from './fixtures';

export interface StripePriceChange {
  stripeProductId: string;
  productName: string;
  description: string;
  /** The variant the new price is for (`metadata.sku`, our linking convention). */
  sku: string;
  /**
   * Tag the prices with `sku` (default). Untagged, the new price reaches a variant only as the
   * product's `default_price`, which is the first variant's price.
   */
  tagSku?: boolean;
  currency: string;
  /** ISO minor units of `currency` (ours); sent in Stripe's unit (`toStripeAmount`). */
  unitAmount: number;
  /** The price being replaced, archived by the last event; null when there was none. */
  previous: { id: string; unitAmount: number } | null;
  /** `created` of the events, seconds; default now. */
  at?: number;
}

/**
 * The events Stripe sends when a price is changed in its Dashboard: a new Price is created, the
 * product's `default_price` is switched to it, and the old price is archived. Complete objects,
 * ready for `stripeEventBody` and `signStripePayload`.
 */
export function stripePriceChangeEvents(change: StripePriceChange): Stripe.Event[] {
  const at = change.at ?? unixNow();
  const currency = change.currency.toLowerCase();
  const metadata: Record<string, string> = change.tagSku === false ? {} : { sku: change.sku };
  const price = stripePrice({
    product: change.stripeProductId,
    unit_amount: toStripeAmount(change.unitAmount, change.currency),
    currency,
    metadata,
    created: at,
  });
  const product = stripeProduct({
    id: change.stripeProductId,
    name: change.productName,
    description: change.description || null,
    default_price: price.id,
    metadata: {},
    created: at - 86_400,
    updated: at,
  });
  const events: Stripe.Event[] = [
    stripeEvent('price.created', price, { created: at }),
    stripeEvent('product.updated', product, {
      created: at,
      previousAttributes: { default_price: change.previous?.id ?? null, updated: at - 60 },
    }),
  ];
  if (change.previous) {
    const archived = stripePrice({
      id: change.previous.id,
      product: change.stripeProductId,
      unit_amount: toStripeAmount(change.previous.unitAmount, change.currency),
      currency,
      metadata,
      active: false,
      created: at - 86_400,
    });
    events.push(stripeEvent('price.updated', archived, { created: at, previousAttributes: { active: true } }));
  }
  return events;
}
