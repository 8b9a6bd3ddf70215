import Stripe from 'stripe';
import { getEnv } from '../env';
import { ConfigurationError } from '../http/errors';

/**
 * The Stripe API client, from validated env. `STRIPE_API_HOST`/`PORT`/`PROTOCOL` exist so tests
 * and local runs can point it at a stub server that answers like Stripe (testing/stripe).
 * Webhook verification does not need it: only reconcile reads the API.
 */
export function getStripe(): Stripe {
  const env = getEnv();
  if (!env.STRIPE_SECRET_KEY) throw new ConfigurationError('STRIPE_SECRET_KEY is not set');
  return new Stripe(env.STRIPE_SECRET_KEY, {
    ...(env.STRIPE_API_HOST ? { host: env.STRIPE_API_HOST } : {}),
    ...(env.STRIPE_API_PORT ? { port: env.STRIPE_API_PORT } : {}),
    ...(env.STRIPE_API_PROTOCOL ? { protocol: env.STRIPE_API_PROTOCOL } : {}),
    maxNetworkRetries: 2,
    appInfo: { name: 'fresh-price-storefront' },
  });
}

/** Whether checkout takes no real money: a test-mode key (the demo's local stand-in uses one). */
export function paymentsAreTestMode(): boolean {
  return /^(sk|rk)_test_/.test(getEnv().STRIPE_SECRET_KEY ?? '');
}
