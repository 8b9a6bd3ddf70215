import Stripe from 'stripe';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { unixNow } from './fixtures';
import { findFreePort } from '../../scripts/lib/free-port';
import { startStripeStandIn, stripeStandInEnv, type StripeStandIn } from './start-stand-in';

let standIn: StripeStandIn | undefined;

afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

describe('startStripeStandIn', () => {
  it('serves on the given port, hands out pay pages on the public URL and logs what it does', async () => {
    const port = await findFreePort();
    const lines: string[] = [];
    standIn = await startStripeStandIn({
      port,
      webhookUrl: null,
      publicUrl: `http://localhost:${port}/`,
      log: (line) => lines.push(line),
    });
    const env = stripeStandInEnv(standIn.port);
    const stripe = new Stripe(env.STRIPE_SECRET_KEY, {
      host: env.STRIPE_API_HOST,
      port: Number(env.STRIPE_API_PORT),
      protocol: 'http',
      maxNetworkRetries: 0,
    });

    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'Pin' } } }],
      success_url: 'http://localhost:3000/done',
      cancel_url: 'http://localhost:3000/cart',
    });
    await standIn.stub.completeSession(session.id);

    expect(standIn.port).toBe(port);
    expect(session.url).toBe(`http://localhost:${port}/c/pay/${session.id}`);
    expect(lines).toEqual([
      'POST /v1/checkout/sessions -> 200',
      `checkout.session.completed ${standIn.stub.sentEvents[0]?.event.id} for ${session.id} (complete, paid): not delivered (no webhook target set)`,
    ]);
  });

  it('expires sessions on time without being asked', async () => {
    let offset = 0;
    standIn = await startStripeStandIn({ webhookUrl: null, expirySweepMs: 20, now: () => unixNow() + offset });
    const stripe = new Stripe('sk_test_x', { host: '127.0.0.1', port: standIn.port, protocol: 'http' });
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'Pin' } } }],
      success_url: 'http://localhost:3000/done',
      cancel_url: 'http://localhost:3000/cart',
      // 31 minutes: Stripe's least is 30 from the session's creation, which the stub stamps a moment
      // later (across a second's tick, exactly 30 from here would be refused).
      expires_at: unixNow() + 1860,
    });

    offset = 1860;
    await vi.waitFor(
      () => expect(standIn?.stub.sentEvents.map((sent) => sent.event.type)).toEqual(['checkout.session.expired']),
      {
        timeout: 2000,
      },
    );
    // Nobody asked for the session: the sweep expired it.
    expect(standIn.stub.requests.map((r) => r.path)).toEqual(['/v1/checkout/sessions']);
    expect(standIn.stub.checkoutSessions.get(session.id)?.status).toBe('expired');
  });
});
