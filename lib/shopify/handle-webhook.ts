/**
 * A Shopify webhook delivery, from raw body to purged pages: verify the HMAC and the shop,
 * parse the topic's payload, apply it through the one delivery road (deduplicated on
 * X-Shopify-Webhook-Id), purge.
 */
import type { z } from 'zod';
import { getEnv } from '../env';
import { ConfigurationError, HttpError } from '../http/errors';
import type { RegeneratePage } from '../revalidation/purge';
import { processDelivery, type DeliveryResult } from '../webhooks/process-delivery';
import type { ShopifyTopicHandler } from './topics/handler';
import { productsCreate } from './topics/products-create';
import { productsDelete } from './topics/products-delete';
import { productsUpdate } from './topics/products-update';
import { isValidShopifyHmac } from './verify-hmac';

const TOPICS: Record<string, ShopifyTopicHandler<z.ZodType>> = {
  'products/create': productsCreate,
  'products/update': productsUpdate,
  'products/delete': productsDelete,
};

export interface ShopifyDeliveryHeaders {
  hmac: string | undefined;
  shopDomain: string | undefined;
  topic: string | undefined;
  webhookId: string | undefined;
  eventId: string | undefined;
}

export type ShopifyWebhookResult = DeliveryResult | { duplicate: false; outcome: 'UNHANDLED'; topic: string };

export async function handleShopifyWebhook(
  rawBody: Buffer,
  headers: ShopifyDeliveryHeaders,
  regenerate: RegeneratePage,
): Promise<ShopifyWebhookResult> {
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
  const handler = TOPICS[topic];
  if (!handler) return { duplicate: false, outcome: 'UNHANDLED', topic };
  if (!headers.webhookId) throw new HttpError(400, 'Missing X-Shopify-Webhook-Id');

  const payload: unknown = handler.payload.parse(parseJson(rawBody));
  const author = {
    source: 'SHOPIFY' as const,
    actor: env.SHOPIFY_SHOP_DOMAIN,
    eventId: headers.eventId ?? headers.webhookId,
  };
  return processDelivery(
    {
      provider: 'SHOPIFY',
      deliveryId: headers.webhookId,
      eventId: headers.eventId ?? null,
      topic,
      objectId: handler.objectIdOf(payload),
    },
    (tx) => handler.apply(tx, payload, { shopCurrency: env.SHOPIFY_SHOP_CURRENCY, author }),
    regenerate,
  );
}

function parseJson(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new HttpError(400, 'Body is not JSON');
  }
}
