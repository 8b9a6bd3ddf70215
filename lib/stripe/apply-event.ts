/**
 * Applies a recorded Stripe delivery (see lib/webhooks) inside the inbox's transaction: the
 * stored body is read again exactly as on arrival, and dispatched by event type.
 */
import { parseExactJson } from '../http/exact-json';
import { InvalidInputError } from '../errors';
import type { DeliveryApplier } from '../webhooks/apply-delivery';
import { STRIPE_EVENT_HANDLERS } from './events';
import type { StripeEventHandler } from './events/handler';
import type { StripeCatalogEventType } from './objects';
import { readStripeEvent } from './read-event';

export const applyStripeDelivery: DeliveryApplier = {
  // A Stripe delivery's id is its event's id.
  authorOf: (delivery) => ({ source: 'STRIPE', actor: 'stripe', eventId: delivery.eventId ?? delivery.deliveryId }),
  apply: (scope, delivery) => {
    const read = readStripeEvent(parseExactJson(delivery.payload));
    if (read.kind === 'unhandled') throw new InvalidInputError(`Stripe event type ${read.type} is not handled`);
    const { event } = read;
    // The map holds one handler per type; the cast only restates what `event.type` already says.
    const handle = STRIPE_EVENT_HANDLERS[event.type] as StripeEventHandler<StripeCatalogEventType>;
    return handle(scope, event);
  },
};
