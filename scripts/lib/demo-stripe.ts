/**
 * The demo's Stripe: with STRIPE_SECRET_KEY set, yours, untouched; without it, the local
 * test-mode stand-in (testing/stripe/start-stand-in.ts) running in the demo process, so
 * Checkout works offline and nobody pays for real.
 */
import { startStripeStandIn, stripeStandInEnv, type StripeStandIn } from '../../testing/stripe/start-stand-in';

export const DEFAULT_STAND_IN_PORT = 12111;

export type DemoStripePlan = { kind: 'yours' } | { kind: 'stand-in'; port: number };

/** Which Stripe the demo uses, from the operator's environment. */
export function demoStripePlan(env: Record<string, string | undefined>): DemoStripePlan {
  if (env.STRIPE_SECRET_KEY) return { kind: 'yours' };
  const raw = env.STRIPE_STAND_IN_PORT ?? String(DEFAULT_STAND_IN_PORT);
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65_535) {
    throw new Error(`STRIPE_STAND_IN_PORT must be a TCP port (1-65535), got '${raw}'`);
  }
  return { kind: 'stand-in', port };
}

export interface DemoStripe {
  /** Added to the shop's environment: the STRIPE_* settings that reach the stand-in; none for yours. */
  env: Record<string, string>;
  /** What the demo prints about it. */
  line: string;
  /** Points the stand-in's events at the shop, once its address is known. */
  sendEventsTo(shopOrigin: string): void;
  close(): Promise<void>;
}

/**
 * Starts the stand-in when the plan says so. `webhookSecret`: the shop's STRIPE_WEBHOOK_SECRET,
 * which signs every event. These are runtime settings: they are not build inputs
 * (scripts/lib/build-stamp.ts), so switching Stripe never forces a rebuild.
 */
export async function startDemoStripe(plan: DemoStripePlan, webhookSecret: string): Promise<DemoStripe> {
  if (plan.kind === 'yours') {
    return {
      env: {},
      line: '  Stripe: yours (STRIPE_SECRET_KEY)',
      sendEventsTo: () => undefined,
      close: async () => {},
    };
  }
  let standIn: StripeStandIn;
  try {
    standIn = await startStripeStandIn({
      port: plan.port,
      webhookUrl: null,
      log: (line) => console.log(`[stripe stand-in] ${line}`),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(`port ${plan.port} is in use: set STRIPE_STAND_IN_PORT to a free port for the Stripe stand-in`);
  }
  return {
    env: stripeStandInEnv(standIn.port),
    line: `  Stripe: local test-mode stand-in on ${standIn.url} (no real payment; set STRIPE_SECRET_KEY to use Stripe)`,
    sendEventsTo: (shopOrigin) =>
      standIn.stub.setWebhookTarget({ url: `${shopOrigin}/api/webhooks/stripe`, secret: webhookSecret }),
    close: () => standIn.close(),
  };
}
