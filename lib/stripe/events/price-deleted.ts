import type { StripeEventHandler } from './handler';
import { applyPriceEvent } from './price-events';

/** price.deleted: gone; a variant selling at it keeps its last price until another applies. */
export const handlePriceDeleted: StripeEventHandler<'price.deleted'> = (scope, event) =>
  applyPriceEvent(scope, event.data.object, new Date(event.created * 1000), true);
