import type { StripeEventHandler } from './handler';
import { applyPriceEvent } from './price-events';

/** price.created: a new price, often the new price of a variant (a price change in Stripe). */
export const handlePriceCreated: StripeEventHandler<'price.created'> = (scope, event) =>
  applyPriceEvent(scope, event.data.object, new Date(event.created * 1000), false);
