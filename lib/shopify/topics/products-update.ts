import { shopifyProductPayloadSchema } from '../product-payload';
import { syncShopifyProduct } from '../sync-product';
import type { ShopifyTopicHandler } from './handler';

/** products/update: the whole product as of `updated_at`; a payload older than the last applied is ignored. */
export const productsUpdate: ShopifyTopicHandler<typeof shopifyProductPayloadSchema> = {
  payload: shopifyProductPayloadSchema,
  objectIdOf: (payload) => payload.id,
  orderedAtOf: (payload) => new Date(payload.updated_at),
  apply: (scope, payload, context) => syncShopifyProduct(scope, payload, context.shopCurrency),
};
