import type { StripeCatalogEventType } from '../objects';
import {
  handleAsyncPaymentFailed,
  handleAsyncPaymentSucceeded,
  handleCheckoutCompleted,
  handleCheckoutExpired,
} from './checkout-session';
import type { StripeEventHandler } from './handler';
import { handlePriceCreated } from './price-created';
import { handlePriceDeleted } from './price-deleted';
import { handlePriceUpdated } from './price-updated';
import { handleProductCreated } from './product-created';
import { handleProductDeleted } from './product-deleted';
import { handleProductUpdated } from './product-updated';

/** A handler as the dispatch holds it: it is only ever given an event of the type it is filed under. */
export type AnyStripeEventHandler = StripeEventHandler<StripeCatalogEventType>;

/** One handler per Stripe event type the shop applies, each taking its own type's event. */
const HANDLERS = {
  'product.created': handleProductCreated,
  'product.updated': handleProductUpdated,
  'product.deleted': handleProductDeleted,
  'price.created': handlePriceCreated,
  'price.updated': handlePriceUpdated,
  'price.deleted': handlePriceDeleted,
  'checkout.session.completed': handleCheckoutCompleted,
  'checkout.session.async_payment_succeeded': handleAsyncPaymentSucceeded,
  'checkout.session.async_payment_failed': handleAsyncPaymentFailed,
  'checkout.session.expired': handleCheckoutExpired,
} satisfies { [T in StripeCatalogEventType]: StripeEventHandler<T> };

// A Map, not an object lookup: a type named "constructor" or "valueOf" would otherwise find
// Object.prototype's functions. The cast forgets each handler's own event type, which the
// `satisfies` above has checked against its key.
const STRIPE_EVENTS: ReadonlyMap<string, AnyStripeEventHandler> = new Map(
  Object.entries(HANDLERS) as [StripeCatalogEventType, AnyStripeEventHandler][],
);

/** The handler of events of `type`, or undefined for a type the shop does not apply (including "valueOf"). */
export function stripeEventHandler(type: string): AnyStripeEventHandler | undefined {
  return STRIPE_EVENTS.get(type);
}
