import { shopifyProductPayloadSchema } from '../product-payload';
import { syncShopifyProduct } from '../sync-product';
import type { ShopifyTopicHandler } from './handler';

/** products/create: a product we do not know comes in as a draft; one we know by sku is linked. */
export const productsCreate: ShopifyTopicHandler<typeof shopifyProductPayloadSchema> = {
  payload: shopifyProductPayloadSchema,
  objectIdOf: (payload) => payload.id,
  orderedAtOf: (payload) => new Date(payload.updated_at),
  apply: (scope, payload, context) => syncShopifyProduct(scope, payload, context.shopCurrency),
};
