import { shopifyProductDeletePayloadSchema } from '../product-payload';
import { archiveShopifyProduct } from '../sync-product';
import type { ShopifyTopicHandler } from './handler';

/** products/delete carries only the id: archive the product (its page then answers 404). */
export const productsDelete: ShopifyTopicHandler<typeof shopifyProductDeletePayloadSchema> = {
  payload: shopifyProductDeletePayloadSchema,
  objectIdOf: (payload) => String(payload.id),
  apply: (tx, payload, context) => archiveShopifyProduct(tx, String(payload.id), context.author),
};
