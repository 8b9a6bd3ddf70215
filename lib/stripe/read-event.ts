import { HttpError } from '../http/errors';
import { STRIPE_CATALOG_EVENT_TYPES, stripeCatalogEventSchema, type StripeCatalogEvent } from './objects';

export type ReadStripeEvent = { kind: 'catalog'; event: StripeCatalogEvent } | { kind: 'unhandled'; type: string };

/**
 * A parsed Stripe event body as one of the catalog events the shop applies, or `unhandled` for
 * any other type (Stripe sends only the types the endpoint subscribes to). 422 for a catalog
 * event that is not shaped like one, before anything is recorded.
 */
export function readStripeEvent(body: unknown): ReadStripeEvent {
  const type = typeof body === 'object' && body !== null && 'type' in body ? String(body.type) : '';
  if (!(STRIPE_CATALOG_EVENT_TYPES as readonly string[]).includes(type)) return { kind: 'unhandled', type };
  const parsed = stripeCatalogEventSchema.safeParse(body);
  if (!parsed.success) throw new HttpError(422, `Unexpected ${type} payload`, parsed.error.issues);
  return { kind: 'catalog', event: parsed.data };
}
