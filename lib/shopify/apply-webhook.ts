/**
 * Applies a recorded Shopify delivery (see lib/webhooks) inside the inbox's transaction: the
 * stored body is read again exactly as on arrival, with its topic's schema and handler.
 */
import { getEnv } from '../env';
import { parseExactJson } from '../http/exact-json';
import { InvalidInputError } from '../errors';
import type { DeliveryApplier } from '../webhooks/apply-delivery';
import { shopifyTopicHandler } from './topics';

export const applyShopifyDelivery: DeliveryApplier = {
  authorOf: (delivery) => ({
    source: 'SHOPIFY',
    actor: getEnv().SHOPIFY_SHOP_DOMAIN ?? 'shopify',
    eventId: delivery.eventId ?? delivery.deliveryId,
  }),
  apply: (scope, delivery) => {
    const handler = shopifyTopicHandler(delivery.topic);
    if (!handler) throw new InvalidInputError(`Shopify topic ${delivery.topic} is not handled`);
    const payload: unknown = handler.payload.parse(parseExactJson(delivery.payload));
    return handler.apply(scope, payload, { shopCurrency: getEnv().SHOPIFY_SHOP_CURRENCY });
  },
};
