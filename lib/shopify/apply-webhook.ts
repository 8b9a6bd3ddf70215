/**
 * Applies a recorded Shopify delivery (see lib/webhooks) inside the inbox's transaction: the
 * stored body is read again exactly as on arrival, with its topic's schema and handler.
 */
import { getEnv } from '../env';
import { parseExactJson } from '../http/exact-json';
import { HttpError } from '../http/errors';
import type { DeliveryApplier } from '../webhooks/apply-delivery';
import { shopifyTopicHandler } from './topics';

export const applyShopifyDelivery: DeliveryApplier = (tx, delivery) => {
  const env = getEnv();
  const handler = shopifyTopicHandler(delivery.topic);
  if (!handler) throw new HttpError(422, `Shopify topic ${delivery.topic} is not handled`);
  const payload: unknown = handler.payload.parse(parseExactJson(delivery.payload));
  const author = {
    source: 'SHOPIFY' as const,
    actor: env.SHOPIFY_SHOP_DOMAIN ?? 'shopify',
    eventId: delivery.eventId ?? delivery.deliveryId,
  };
  return handler.apply(tx, payload, { shopCurrency: env.SHOPIFY_SHOP_CURRENCY, author });
};
