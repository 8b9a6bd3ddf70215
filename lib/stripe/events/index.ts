import type { StripeCatalogEventType } from '../objects';
import type { StripeEventHandler } from './handler';
import { handlePriceCreated } from './price-created';
import { handlePriceDeleted } from './price-deleted';
import { handlePriceUpdated } from './price-updated';
import { handleProductCreated } from './product-created';
import { handleProductDeleted } from './product-deleted';
import { handleProductUpdated } from './product-updated';

/** One handler per Stripe event type the shop applies. */
export const STRIPE_EVENT_HANDLERS: { [T in StripeCatalogEventType]: StripeEventHandler<T> } = {
  'product.created': handleProductCreated,
  'product.updated': handleProductUpdated,
  'product.deleted': handleProductDeleted,
  'price.created': handlePriceCreated,
  'price.updated': handlePriceUpdated,
  'price.deleted': handlePriceDeleted,
};
