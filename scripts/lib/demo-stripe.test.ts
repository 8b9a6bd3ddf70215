import { afterEach, describe, expect, it } from 'vitest';
import { BUILD_SETTINGS } from './build-stamp';
import { DEFAULT_STAND_IN_PORT, demoStripePlan, startDemoStripe, type DemoStripe } from './demo-stripe';
import { findFreePort } from './free-port';

let started: DemoStripe | undefined;

afterEach(async () => {
  await started?.close();
  started = undefined;
});

describe('the demo’s Stripe', () => {
  it('is yours when STRIPE_SECRET_KEY is set, else the stand-in on STRIPE_STAND_IN_PORT (default 12111)', () => {
    expect(demoStripePlan({ STRIPE_SECRET_KEY: 'sk_test_mine' })).toEqual({ kind: 'yours' });
    expect(demoStripePlan({})).toEqual({ kind: 'stand-in', port: DEFAULT_STAND_IN_PORT });
    expect(demoStripePlan({ STRIPE_SECRET_KEY: '', STRIPE_STAND_IN_PORT: '12345' })).toEqual({
      kind: 'stand-in',
      port: 12345,
    });
    expect(() => demoStripePlan({ STRIPE_STAND_IN_PORT: 'http' })).toThrow(/STRIPE_STAND_IN_PORT/);
  });

  it('gives next start the stand-in settings, none of which forces a rebuild', async () => {
    const port = await findFreePort();
    started = await startDemoStripe({ kind: 'stand-in', port }, 'whsec_demo');

    expect(started.env).toEqual({
      STRIPE_SECRET_KEY: 'sk_test_stand_in',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(port),
      STRIPE_API_PROTOCOL: 'http',
    });
    expect(started.line).toContain(`local test-mode stand-in on http://127.0.0.1:${port} (no real payment`);
    expect(BUILD_SETTINGS.filter((name) => name in (started?.env ?? {}))).toEqual([]);
    const answer = await fetch(`http://127.0.0.1:${port}/v1/products`, {
      headers: { Authorization: `Bearer ${started.env.STRIPE_SECRET_KEY}` },
    });
    expect(answer.status).toBe(200);
  });

  it('leaves your Stripe alone', async () => {
    started = await startDemoStripe({ kind: 'yours' }, 'whsec_demo');
    expect(started.env).toEqual({});
  });

  it('says which variable to change when the port is taken', async () => {
    const port = await findFreePort();
    started = await startDemoStripe({ kind: 'stand-in', port }, 'whsec_demo');
    await expect(startDemoStripe({ kind: 'stand-in', port }, 'whsec_demo')).rejects.toThrow(/STRIPE_STAND_IN_PORT/);
  });
});
