import { apiHandler } from '@/lib/http/api-handler';
import { headerValue, readRawBody } from '@/lib/http/raw-body';
import { handleStripeEvent, verifyStripeEvent } from '@/lib/stripe/handle-event';

// The signature covers the raw bytes: Next must not parse (and re-serialise) the body.
export const config = { api: { bodyParser: false } };

export default apiHandler({
  POST: async (req, res) => {
    const event = verifyStripeEvent(await readRawBody(req), headerValue(req, 'stripe-signature'));
    const result = await handleStripeEvent(event, (path) => res.revalidate(path));
    res.status(200).json({ received: true, ...result });
  },
});
