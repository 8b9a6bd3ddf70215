/**
 * The Stripe stub as a standalone test-mode Stripe for a running shop (the demo, a manual try):
 * listens on a fixed port, sends Checkout events to the shop's webhook, expires sessions on time
 * and logs what it does.
 */
import type { SentEvent } from './checkout/events';
import { createStripeStub, type StartedStripeStub, type StripeStub, type StubRequestLogEntry } from './stub-server';

/** The API key the shop uses with the stand-in; any `sk_test_` key would do. */
export const STAND_IN_SECRET_KEY = 'sk_test_stand_in';

export interface StripeStandInOptions {
  /** Default: any free port. */
  port?: number;
  /** The shop's Stripe webhook, e.g. http://127.0.0.1:3000/api/webhooks/stripe; null: send nothing. */
  webhookUrl: string | null;
  /** The shop's STRIPE_WEBHOOK_SECRET (`whsec_...`), which signs every event. */
  webhookSecret?: string;
  /** Where buyers' browsers reach the stand-in; default http://127.0.0.1:<port>. */
  publicUrl?: string;
  /** How often open sessions past their expires_at are expired (Stripe does so on its own); 0: never. */
  expirySweepMs?: number;
  /** The Checkout clock in seconds since the epoch (tests move it); default: now. */
  now?: () => number;
  /** Each thing the stand-in does, one line each; default: nothing. */
  log?: (line: string) => void;
}

export interface StripeStandIn extends StartedStripeStub {
  stub: StripeStub;
}

/** Starts the stand-in; `close` also stops its expiry sweep. */
export async function startStripeStandIn(options: StripeStandInOptions): Promise<StripeStandIn> {
  const log = options.log ?? (() => undefined);
  const stub = createStripeStub({
    now: options.now,
    onRequest: (entry) => log(describeRequest(entry)),
    onEventSent: (sent) => log(describeEvent(sent)),
  });
  if (options.webhookUrl !== null) {
    if (options.webhookSecret === undefined) throw new TypeError('a webhook URL needs its signing secret (whsec_...)');
    stub.setWebhookTarget({ url: options.webhookUrl, secret: options.webhookSecret });
  }
  const started = await stub.start({ port: options.port, publicUrl: options.publicUrl });
  const sweepMs = options.expirySweepMs ?? 30_000;
  const sweep =
    sweepMs > 0
      ? setInterval(() => {
          stub.expireDueSessions().catch((error: unknown) => log(`expiry sweep failed: ${String(error)}`));
        }, sweepMs).unref()
      : undefined;
  return {
    ...started,
    stub,
    close: async () => {
      clearInterval(sweep);
      await started.close();
    },
  };
}

/** What the shop's server needs to talk to the stand-in on `port` (lib/env.ts validates these). */
export function stripeStandInEnv(port: number) {
  return {
    STRIPE_SECRET_KEY: STAND_IN_SECRET_KEY,
    STRIPE_API_HOST: '127.0.0.1',
    STRIPE_API_PORT: String(port),
    STRIPE_API_PROTOCOL: 'http',
  };
}

function describeRequest(entry: StubRequestLogEntry): string {
  return `${entry.method} ${entry.path} -> ${entry.status}`;
}

function describeEvent(sent: SentEvent): string {
  const session = sent.event.data.object;
  const answer = sent.status === null ? `not delivered (${sent.error})` : `shop answered ${sent.status}`;
  return `${sent.event.type} ${sent.event.id} for ${session.id} (${session.status}, ${session.payment_status}): ${answer}`;
}
