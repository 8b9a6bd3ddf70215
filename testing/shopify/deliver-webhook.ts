import type { RegeneratePage } from '../../lib/revalidation/regenerate';
import { applyNow, type DeliveredResult } from '../webhooks/delivered';
import { SAMPLE_SHOP_DOMAIN, shopifyWebhookHeaders, type ShopifyProductTopic } from './fixtures/headers';
import { shopifyRawBody } from './fixtures/raw-body';
import { receiveShopifyWebhook, type ShopifyDeliveryHeaders } from '../../lib/shopify/receive-webhook';
import { signShopifyBody } from '../../lib/shopify/verify-hmac';

/**
 * For tests: `payload` as Shopify delivers it (raw bytes, signed with `secret`, the shop's
 * headers), received through the webhook's own code and applied as the route does.
 */
export async function deliverShopifyWebhook(
  topic: ShopifyProductTopic,
  payload: unknown,
  {
    secret,
    regenerate,
    headers = {},
  }: { secret: string; regenerate: RegeneratePage; headers?: Partial<ShopifyDeliveryHeaders> },
): Promise<DeliveredResult> {
  const raw = shopifyRawBody(payload);
  const sent = shopifyWebhookHeaders({ topic, hmac: signShopifyBody(raw, secret), shopDomain: SAMPLE_SHOP_DOMAIN });
  const received = await receiveShopifyWebhook(raw, {
    hmac: sent['X-Shopify-Hmac-Sha256'],
    shopDomain: sent['X-Shopify-Shop-Domain'],
    topic,
    webhookId: sent['X-Shopify-Webhook-Id'],
    eventId: sent['X-Shopify-Event-Id'],
    ...headers,
  });
  return applyNow(received, regenerate);
}
