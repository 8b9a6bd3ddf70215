import { beforeAll, describe, expect, it } from 'vitest';
import { stripeEvent, stripeEventBody, stripePrice, unixNow } from '../../testing/stripe/fixtures';
import { verifyStripeSignature } from './receive-event';
import { signStripePayload } from '../../testing/stripe/sign';

const SECRET = 'whsec_unit_test_secret_0123456789';

beforeAll(() => {
  process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  process.env.DATABASE_URL ??= 'postgresql://localhost/unused';
});

const event = stripeEvent('price.created', stripePrice());
const body = stripeEventBody(event);

describe('verifyStripeSignature', () => {
  it('accepts Stripe’s signature of the exact body', () => {
    expect(() => verifyStripeSignature(Buffer.from(body), signStripePayload(body, SECRET))).not.toThrow();
  });

  it.each([
    ['no signature', undefined],
    ['another secret', signStripePayload(body, 'whsec_someone_else')],
    ['a signature ten minutes old', signStripePayload(body, SECRET, unixNow() - 600)],
    ['a signature of other bytes', signStripePayload(JSON.stringify(event), SECRET)],
    ['garbage', 't=1,v1=abc'],
  ])('answers 400 for %s', (_label, signature) => {
    expect(() => verifyStripeSignature(Buffer.from(body), signature)).toThrow(
      expect.objectContaining({ status: 400 }) as Error,
    );
  });
});
