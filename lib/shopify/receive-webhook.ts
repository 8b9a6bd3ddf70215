/**
 * A Shopify delivery on arrival: check the HMAC over the raw bytes and the shop, read the body
 * exactly (ids past 2^53 stay exact) with its topic's schema, and record it in the webhook inbox.
 * Applying it is apply-webhook.ts's job, after Shopify has its answer (it waits 5 s at most).
 */
import { getEnv } from '../env';
import { parseExactJson } from '../http/exact-json';
import { ConfigurationError, HttpError } from '../http/errors';
import { receiveDelivery, unhandledDelivery, type ReceiveResult } from '../webhooks/receive';
import { shopifyTopicHandler } from './topics';
import { isValidShopifyHmac } from './verify-hmac';

export interface ShopifyDeliveryHeaders {
  hmac: string | undefined;
  shopDomain: string | undefined;
  topic: string | undefined;
  webhookId: string | undefined;
  eventId: string | undefined;
}

export async function receiveShopifyWebhook(rawBody: Buffer, headers: ShopifyDeliveryHeaders): Promise<ReceiveResult> {
  const env = getEnv();
  if (!env.SHOPIFY_WEBHOOK_SECRET || !env.SHOPIFY_SHOP_DOMAIN) {
    throw new ConfigurationError('SHOPIFY_WEBHOOK_SECRET and SHOPIFY_SHOP_DOMAIN must be set');
  }
  if (!isValidShopifyHmac(rawBody, headers.hmac, env.SHOPIFY_WEBHOOK_SECRET)) {
    throw new HttpError(401, 'Invalid or missing X-Shopify-Hmac-Sha256');
  }
  if (headers.shopDomain?.toLowerCase() !== env.SHOPIFY_SHOP_DOMAIN) {
    throw new HttpError(403, `Deliveries are accepted from ${env.SHOPIFY_SHOP_DOMAIN} only`);
  }
  const topic = headers.topic ?? '';
  const handler = shopifyTopicHandler(topic);
  if (!handler) return unhandledDelivery(`Shopify topic ${topic || '(none)'}`);
  if (!headers.webhookId) throw new HttpError(400, 'Missing X-Shopify-Webhook-Id');
  const body = rawBody.toString('utf8');
  const payload: unknown = handler.payload.parse(parseExactJson(body));
  return receiveDelivery({
    provider: 'SHOPIFY',
    deliveryId: headers.webhookId.slice(0, 255),
    eventId: headers.eventId?.slice(0, 255) ?? null,
    topic,
    objectId: handler.objectIdOf(payload),
    orderedAt: handler.orderedAtOf(payload) ?? new Date(),
    payload: body,
  });
}
