import type { StripeEventHandler } from './handler';
import { applyProductEvent } from './product-events';

/** product.created: a product we may not know yet; it comes in as a draft, never a live page. */
export const handleProductCreated: StripeEventHandler<'product.created'> = (scope, event) =>
  applyProductEvent(scope, event.data.object, new Date(event.created * 1000), false);
