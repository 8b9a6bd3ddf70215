/**
 * A Stripe delivery on arrival: check the signature on the raw bytes (the SDK's own check, with
 * its 300 s tolerance), read the event exactly, and record it in the webhook inbox. Applying it
 * is apply-event.ts's job, after Stripe has its answer.
 */
import Stripe from 'stripe';
import { getEnv } from '../env';
import { parseExactJson } from '../http/exact-json';
import { ConfigurationError, HttpError } from '../http/errors';
import { receiveDelivery, unhandledDelivery, type ReceiveResult } from '../webhooks/receive';
import { readStripeEvent } from './read-event';

/** Throws 400 unless `signature` (the Stripe-Signature header) is Stripe's for exactly `rawBody`. */
export function verifyStripeSignature(rawBody: Buffer, signature: string | undefined): void {
  const secret = getEnv().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new ConfigurationError('STRIPE_WEBHOOK_SECRET is not set');
  if (!signature) throw new HttpError(400, 'Missing Stripe-Signature header');
  // The header check alone: the SDK's constructEvent would also JSON.parse the body, rounding
  // big integers and answering a non-JSON body with an unhandled SyntaxError (a 500).
  const signatures = Stripe.webhooks.signature;
  if (!signatures) throw new ConfigurationError('the Stripe SDK has no signature helper');
  try {
    signatures.verifyHeader(rawBody, signature, secret);
  } catch {
    // StripeSignatureVerificationError for a wrong signature, and a plain Error for some malformed
    // headers ('t=,v1=' reaches the SDK's compare with an empty signature): not Stripe's either way.
    throw new HttpError(400, 'Invalid Stripe signature');
  }
}

export async function receiveStripeEvent(rawBody: Buffer, signature: string | undefined): Promise<ReceiveResult> {
  verifyStripeSignature(rawBody, signature);
  return recordStripeEvent(rawBody.toString('utf8'));
}

/** Records a verified body; 400 when it is not JSON, 422 when a handled event is not shaped like one. */
export async function recordStripeEvent(body: string): Promise<ReceiveResult> {
  const read = readStripeEvent(parseExactJson(body));
  if (read.kind === 'unhandled') return unhandledDelivery(`Stripe event type ${read.type}`);
  const { event } = read;
  return receiveDelivery({
    provider: 'STRIPE',
    deliveryId: event.id,
    eventId: event.id,
    topic: event.type,
    objectId: event.data.object.id,
    orderedAt: new Date(event.created * 1000),
    payload: body,
  });
}
