import type { z } from 'zod';
import type { ShopifyTopicHandler } from './handler';
import { productsCreate } from './products-create';
import { productsDelete } from './products-delete';
import { productsUpdate } from './products-update';

type AnyTopicHandler = ShopifyTopicHandler<z.ZodType>;

/** One handler per Shopify webhook topic the shop applies. */
const SHOPIFY_TOPICS: ReadonlyMap<string, AnyTopicHandler> = new Map<string, AnyTopicHandler>([
  ['products/create', productsCreate],
  ['products/update', productsUpdate],
  ['products/delete', productsDelete],
]);

/** The handler of `topic`, or undefined for a topic the shop does not apply (including "valueOf"). */
export function shopifyTopicHandler(topic: string): AnyTopicHandler | undefined {
  // A Map, not an object: X-Shopify-Topic is outside the HMAC, and topic "constructor" or
  // "valueOf" would otherwise find Object.prototype's functions.
  return SHOPIFY_TOPICS.get(topic);
}

export const SHOPIFY_TOPIC_NAMES: readonly string[] = [...SHOPIFY_TOPICS.keys()];
