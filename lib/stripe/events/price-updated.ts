import type { StripeEventHandler } from './handler';
import { applyPriceEvent } from './price-events';

/** price.updated: archived, re-activated or re-tagged (metadata.sku, lookup_key); the amount never changes. */
export const handlePriceUpdated: StripeEventHandler<'price.updated'> = (scope, event) =>
  applyPriceEvent(scope, event.data.object, new Date(event.created * 1000), false);
