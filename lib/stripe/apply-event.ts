/**
 * Applies a recorded Stripe delivery (see lib/webhooks) inside the inbox's transaction: the
 * stored body is read again exactly as on arrival, and dispatched by event type.
 */
import { parseExactJson } from '../http/exact-json';
import { HttpError } from '../http/errors';
import type { DeliveryApplier } from '../webhooks/apply-delivery';
import { stripeEventHandler } from './events';
import { readStripeEvent } from './read-event';

export const applyStripeDelivery: DeliveryApplier = (tx, delivery) => {
  const read = readStripeEvent(parseExactJson(delivery.payload));
  const type = read.kind === 'catalog' ? read.event.type : read.type;
  const handle = stripeEventHandler(type);
  if (read.kind === 'unhandled' || !handle) throw new HttpError(422, `Stripe event type ${type} is not handled`);
  const { event } = read;
  const author = { source: 'STRIPE' as const, actor: 'stripe', eventId: event.id };
  return handle(tx, event, author);
};
