import { apiHandler } from '@/lib/http/api-handler';
import { headerValue, readRawBody } from '@/lib/http/raw-body';
import { handleShopifyWebhook } from '@/lib/shopify/handle-webhook';

// The HMAC covers the raw bytes: Next must not parse (and re-serialise) the body.
export const config = { api: { bodyParser: false } };

export default apiHandler({
  POST: async (req, res) => {
    const rawBody = await readRawBody(req);
    const result = await handleShopifyWebhook(
      rawBody,
      {
        hmac: headerValue(req, 'x-shopify-hmac-sha256'),
        shopDomain: headerValue(req, 'x-shopify-shop-domain'),
        topic: headerValue(req, 'x-shopify-topic'),
        webhookId: headerValue(req, 'x-shopify-webhook-id'),
        eventId: headerValue(req, 'x-shopify-event-id'),
      },
      (path) => res.revalidate(path),
    );
    res.status(200).json({ received: true, ...result });
  },
});
