import type { StripeEventHandler } from './handler';
import { applyProductEvent } from './product-events';

/** product.updated: name, description, default_price or active changed. */
export const handleProductUpdated: StripeEventHandler<'product.updated'> = (tx, event, author) =>
  applyProductEvent(tx, event.data.object, new Date(event.created * 1000), false, author);
