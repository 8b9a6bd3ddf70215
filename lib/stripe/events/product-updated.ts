import type { StripeEventHandler } from './handler';
import { applyProductEvent } from './product-events';

/** product.updated: name, description, default_price or active changed. */
export const handleProductUpdated: StripeEventHandler<'product.updated'> = (scope, event) =>
  applyProductEvent(scope, event.data.object, new Date(event.created * 1000), false);
