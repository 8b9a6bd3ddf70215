import type { z } from 'zod';
import type { ShopifyTopicHandler } from './handler';
import { productsCreate } from './products-create';
import { productsDelete } from './products-delete';
import { productsUpdate } from './products-update';

/** One handler per Shopify webhook topic the shop applies. */
export const SHOPIFY_TOPICS: Record<string, ShopifyTopicHandler<z.ZodType>> = {
  'products/create': productsCreate,
  'products/update': productsUpdate,
  'products/delete': productsDelete,
};
