import { demoSecret, randomHex } from './demo-secret';

/** The shop domain the demo accepts Shopify deliveries from (and `webhook:send` sends as). */
export const DEMO_SHOPIFY_SHOP_DOMAIN = 'fresh-price-demo.myshopify.com';

/**
 * The webhook secrets and shop the demo verifies deliveries with: yours where set, otherwise
 * made once and kept in .data/, so the demo shop and `npm run webhook:send` agree.
 */
export function webhookSettings(root: string) {
  return {
    STRIPE_WEBHOOK_SECRET:
      process.env.STRIPE_WEBHOOK_SECRET ?? demoSecret(root, 'stripe-webhook-secret', () => `whsec_${randomHex(24)()}`),
    SHOPIFY_WEBHOOK_SECRET:
      process.env.SHOPIFY_WEBHOOK_SECRET ?? demoSecret(root, 'shopify-webhook-secret', randomHex(24)),
    SHOPIFY_SHOP_DOMAIN: process.env.SHOPIFY_SHOP_DOMAIN ?? DEMO_SHOPIFY_SHOP_DOMAIN,
  };
}
