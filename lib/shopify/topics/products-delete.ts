import { shopifyProductDeletePayloadSchema } from '../product-payload';
import { archiveShopifyProduct } from '../sync-product';
import type { ShopifyTopicHandler } from './handler';

/** products/delete carries only the id: archive the product (its page then answers 404). */
export const productsDelete: ShopifyTopicHandler<typeof shopifyProductDeletePayloadSchema> = {
  payload: shopifyProductDeletePayloadSchema,
  objectIdOf: (payload) => payload.id,
  orderedAtOf: () => null,
  apply: (scope, payload) => archiveShopifyProduct(scope, payload.id),
};
