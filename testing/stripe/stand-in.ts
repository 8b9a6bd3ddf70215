/**
 * A local test-mode Stripe for a running shop:
 *   STRIPE_WEBHOOK_SECRET=whsec_... npx tsx testing/stripe/stand-in.ts --port 12111 \
 *     --webhook-url http://localhost:3000/api/webhooks/stripe
 * then start the shop with the STRIPE_* settings it prints. Ctrl-C stops it.
 */
import { parseArgs } from 'node:util';
import { startStripeStandIn, stripeStandInEnv } from './start-stand-in';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '12111' },
      'webhook-url': { type: 'string', default: 'http://localhost:3000/api/webhooks/stripe' },
      'public-url': { type: 'string' },
    },
  });
  const secret = process.env.STRIPE_WEBHOOK_SECRET;
  if (!secret?.startsWith('whsec_')) {
    throw new Error("set STRIPE_WEBHOOK_SECRET to the shop's webhook signing secret (whsec_...)");
  }
  const standIn = await startStripeStandIn({
    port: Number(values.port),
    webhookUrl: values['webhook-url'],
    webhookSecret: secret,
    publicUrl: values['public-url'],
    log: (line) => console.log(`stripe stand-in: ${line}`),
  });
  const settings = Object.entries(stripeStandInEnv(standIn.port)).map(([name, value]) => `${name}=${value}`);
  console.log(`Stripe test-mode stand-in on ${standIn.url} (no real payment); events to ${values['webhook-url']}`);
  console.log(`Start the shop with: ${settings.join(' ')}`);
  const stop = () => {
    standIn.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
