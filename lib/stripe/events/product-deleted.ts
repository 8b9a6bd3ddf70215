import type { StripeEventHandler } from './handler';
import { applyProductEvent } from './product-events';

/** product.deleted: the product is archived here, so its page answers 404. */
export const handleProductDeleted: StripeEventHandler<'product.deleted'> = (scope, event) =>
  applyProductEvent(scope, event.data.object, new Date(event.created * 1000), true);
