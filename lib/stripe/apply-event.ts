/**
 * Applies a recorded Stripe delivery (see lib/webhooks) inside the inbox's transaction: the
 * stored body is read again exactly as on arrival, and dispatched by event type.
 */
import { parseExactJson } from '../http/exact-json';
import { InvalidInputError } from '../errors';
import type { DeliveryApplier } from '../webhooks/apply-delivery';
import { stripeEventHandler } from './events';
import { readStripeEvent } from './read-event';

export const applyStripeDelivery: DeliveryApplier = {
  // A Stripe delivery's id is its event's id.
  authorOf: (delivery) => ({ source: 'STRIPE', actor: 'stripe', eventId: delivery.eventId ?? delivery.deliveryId }),
  apply: (scope, delivery) => {
    const read = readStripeEvent(parseExactJson(delivery.payload));
    const type = read.kind === 'catalog' ? read.event.type : read.type;
    const handle = stripeEventHandler(type);
    if (read.kind === 'unhandled' || !handle) throw new InvalidInputError(`Stripe event type ${type} is not handled`);
    return handle(scope, read.event);
  },
};
