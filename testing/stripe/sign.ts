import Stripe from 'stripe';

/**
 * The `Stripe-Signature` header Stripe would send with `payload`, made by the SDK's own
 * `webhooks.generateTestHeaderString`, so it is exactly what `webhooks.constructEvent` verifies:
 * `t=<timestamp>,v1=<HMAC-SHA256 of "<timestamp>.<payload>" keyed with the secret>`.
 *
 * Sign the exact string you send as the body (see `stripeEventBody`): any re-serialization
 * breaks the signature, as it would in production.
 *
 * @param secret the endpoint's signing secret (`whsec_...`), used as is.
 * @param timestamp seconds since the epoch; defaults to now. Use an old one to test the
 *   tolerance check (`constructEvent` rejects signatures older than 300 seconds by default).
 */
export function signStripePayload(payload: string, secret: string, timestamp?: number): string {
  // The SDK treats a falsy timestamp as "now"; refuse it rather than silently signing for now.
  if (timestamp !== undefined && !(Number.isInteger(timestamp) && timestamp > 0)) {
    throw new RangeError(`timestamp must be a positive whole number of seconds, got ${timestamp}`);
  }
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}
