/**
 * A Stripe webhook delivery, from raw body to purged pages: verify the signature with the SDK,
 * parse the event into our types, apply it through the one delivery road, purge.
 */
import Stripe from 'stripe';
import { getEnv } from '../env';
import { ConfigurationError, HttpError } from '../http/errors';
import type { RegeneratePage } from '../revalidation/purge';
import { processDelivery, type DeliveryResult } from '../webhooks/process-delivery';
import { handlePriceCreated } from './events/price-created';
import { handlePriceDeleted } from './events/price-deleted';
import { handlePriceUpdated } from './events/price-updated';
import { handleProductCreated } from './events/product-created';
import { handleProductDeleted } from './events/product-deleted';
import { handleProductUpdated } from './events/product-updated';
import { STRIPE_CATALOG_EVENT_TYPES, stripeCatalogEventSchema, type StripeCatalogEvent } from './objects';

/**
 * The event in `rawBody`, if `signature` (the Stripe-Signature header) is Stripe's for it and
 * no older than the SDK's default tolerance (300 s). Otherwise a 400, before anything is read.
 */
export function verifyStripeEvent(rawBody: Buffer, signature: string | undefined): Stripe.Event {
  const secret = getEnv().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new ConfigurationError('STRIPE_WEBHOOK_SECRET is not set');
  if (!signature) throw new HttpError(400, 'Missing Stripe-Signature header');
  try {
    return Stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw new HttpError(400, 'Invalid Stripe signature');
    }
    throw error;
  }
}

export type StripeWebhookResult = DeliveryResult | { duplicate: false; outcome: 'UNHANDLED'; type: string };

export async function handleStripeEvent(event: Stripe.Event, regenerate: RegeneratePage): Promise<StripeWebhookResult> {
  if (!(STRIPE_CATALOG_EVENT_TYPES as readonly string[]).includes(event.type)) {
    // Stripe sends only the types the endpoint subscribes to; answer 200 so it stops retrying.
    return { duplicate: false, outcome: 'UNHANDLED', type: event.type };
  }
  const parsed = stripeCatalogEventSchema.safeParse(event);
  if (!parsed.success) throw new HttpError(422, `Unexpected ${event.type} payload`, parsed.error.issues);
  const catalogEvent = parsed.data;
  const author = { source: 'STRIPE' as const, actor: 'stripe', eventId: catalogEvent.id };
  return processDelivery(
    {
      provider: 'STRIPE',
      deliveryId: catalogEvent.id,
      eventId: catalogEvent.id,
      topic: catalogEvent.type,
      objectId: catalogEvent.data.object.id,
    },
    (tx) => dispatch(tx, catalogEvent, author),
    regenerate,
  );
}

function dispatch(
  tx: Parameters<typeof handlePriceCreated>[0],
  event: StripeCatalogEvent,
  author: Parameters<typeof handlePriceCreated>[2],
) {
  switch (event.type) {
    case 'product.created':
      return handleProductCreated(tx, event, author);
    case 'product.updated':
      return handleProductUpdated(tx, event, author);
    case 'product.deleted':
      return handleProductDeleted(tx, event, author);
    case 'price.created':
      return handlePriceCreated(tx, event, author);
    case 'price.updated':
      return handlePriceUpdated(tx, event, author);
    case 'price.deleted':
      return handlePriceDeleted(tx, event, author);
  }
}
