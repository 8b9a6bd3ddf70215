/**
 * Checkout Session events as Stripe builds and delivers them: a full `Stripe.Event` POSTed as
 * two-space JSON with a real `Stripe-Signature` header made with the endpoint's `whsec_` secret.
 */
import Stripe from 'stripe';
import { stripeEventBody, stripeEventId } from '../fixtures';
import { signStripePayload } from '../sign';

export type CheckoutEventType =
  | 'checkout.session.completed'
  | 'checkout.session.expired'
  | 'checkout.session.async_payment_succeeded'
  | 'checkout.session.async_payment_failed';

export type CheckoutEvent =
  | Stripe.CheckoutSessionCompletedEvent
  | Stripe.CheckoutSessionExpiredEvent
  | Stripe.CheckoutSessionAsyncPaymentSucceededEvent
  | Stripe.CheckoutSessionAsyncPaymentFailedEvent;

/** Where events go: the shop's webhook endpoint and its signing secret. */
export interface WebhookTarget {
  url: string;
  /** The endpoint's signing secret, `whsec_...`. */
  secret: string;
}

/** An event ready to sign and send: `body` is the exact string to sign. */
export interface BuiltEvent {
  event: CheckoutEvent;
  body: string;
}

/** One delivery attempt and the shop's answer. */
export interface SentEvent extends BuiltEvent {
  /** The shop's HTTP status; null when nothing answered (no target set, connection refused, timeout). */
  status: number | null;
  /** Why there is no status, else null. */
  error: string | null;
  /** The first 2,000 characters the shop answered. */
  responseText: string;
}

/** Stripe gives up on an endpoint that takes longer than this. */
const DELIVERY_TIMEOUT_MS = 30_000;

/** `request` is null/null for events no API request caused (paying on the page, timing out). */
export function buildCheckoutEvent(
  type: CheckoutEventType,
  session: Stripe.Checkout.Session,
  created: number,
  request: Stripe.Event.Request = { id: null, idempotency_key: null },
): BuiltEvent {
  const event = {
    id: stripeEventId(),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created,
    // A snapshot: later changes to the session must not show through an event already built.
    data: { object: structuredClone(session) },
    livemode: false,
    pending_webhooks: 1,
    request,
    type,
  } as CheckoutEvent;
  return { event, body: stripeEventBody(event) };
}

/** Signs `built.body` with the target's secret and POSTs it; never throws. */
export async function deliverEvent(target: WebhookTarget | null, built: BuiltEvent): Promise<SentEvent> {
  if (target === null) return { ...built, status: null, error: 'no webhook target set', responseText: '' };
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        'Stripe-Signature': signStripePayload(built.body, target.secret),
      },
      body: built.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    const responseText = (await response.text()).slice(0, 2000);
    return { ...built, status: response.status, error: null, responseText };
  } catch (error) {
    return { ...built, status: null, error: describeFailure(error), responseText: '' };
  }
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, ...) is in its cause. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
