import { apiHandler } from '@/lib/http/api-handler';
import { headerValue, readRawBody } from '@/lib/http/raw-body';
import { receiveShopifyWebhook } from '@/lib/shopify/receive-webhook';
import { answerThenApply } from '@/lib/webhooks/answer-then-apply';

// The HMAC covers the raw bytes: Next must not parse (and re-serialise) the body.
export const config = { api: { bodyParser: false } };

export default apiHandler({
  POST: async (req, res) => {
    const received = await receiveShopifyWebhook(await readRawBody(req), {
      hmac: headerValue(req, 'x-shopify-hmac-sha256'),
      shopDomain: headerValue(req, 'x-shopify-shop-domain'),
      topic: headerValue(req, 'x-shopify-topic'),
      webhookId: headerValue(req, 'x-shopify-webhook-id'),
      eventId: headerValue(req, 'x-shopify-event-id'),
    });
    await answerThenApply(res, received);
  },
});
