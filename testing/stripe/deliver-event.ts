import type Stripe from 'stripe';
import type { RegeneratePage } from '../../lib/revalidation/regenerate';
import { applyNow, type DeliveredResult } from '../webhooks/delivered';
import { stripeEventBody } from './fixtures';
import { recordStripeEvent } from '../../lib/stripe/receive-event';

/** For tests: `event` received as a verified delivery (the signature check has tests of its own) and applied. */
export async function deliverStripeEvent(event: Stripe.Event, regenerate: RegeneratePage): Promise<DeliveredResult> {
  return applyNow(await recordStripeEvent(stripeEventBody(event)), regenerate);
}
