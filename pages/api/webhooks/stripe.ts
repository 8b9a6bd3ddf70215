import { apiHandler } from '@/lib/http/api-handler';
import { headerValue, readRawBody } from '@/lib/http/raw-body';
import { receiveStripeEvent } from '@/lib/stripe/receive-event';
import { answerThenApply } from '@/lib/webhooks/answer-then-apply';

// The signature covers the raw bytes: Next must not parse (and re-serialise) the body.
export const config = { api: { bodyParser: false } };

export default apiHandler({
  POST: async (req, res) => {
    const received = await receiveStripeEvent(await readRawBody(req), headerValue(req, 'stripe-signature'));
    await answerThenApply(res, received);
  },
});
