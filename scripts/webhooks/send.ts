/**
 * `npm run webhook:send -- <stripe|shopify|shopify-delete> <product-slug> [price]`
 *
 * Plays Stripe or Shopify for a running shop: builds the complete events a real price change
 * (or a Shopify delete) would send for one of the shop's linked products, signs them with the
 * shop's webhook secret and POSTs them, printing each answer. Nothing else is needed: no
 * Stripe or Shopify account. The sample catalog links every third product to Stripe and the
 * next one to Shopify; `npm run webhook:send -- list` shows a few of each.
 *
 * Settings: SHOP_URL (default http://localhost:$PORT, PORT default 3000); the secrets and
 * shop domain from your environment, else the demo's (.data/).
 */
import { parseDecimal } from '../../lib/money/money';
import { stripeEventBody } from '../../testing/stripe/fixtures';
import { signStripePayload } from '../../testing/stripe/sign';
import { stripePriceChangeEvents } from '../../testing/stripe/price-change';
import { shopifyWebhookHeaders, type ShopifyProductTopic } from '../../testing/shopify/fixtures/headers';
import { productDeletePayload } from '../../testing/shopify/fixtures/products-webhook';
import { shopifyRawBody } from '../../testing/shopify/fixtures/raw-body';
import { shopifyUpdateFor } from '../../testing/shopify/payload-for-product';
import { signShopifyBody } from '../../lib/shopify/verify-hmac';
import { LINKED_PRODUCT_COLUMNS, type LinkedProductRow } from '../../testing/linked-product';
import { withClient } from '../lib/database-server';
import { loadProjectEnv, repoRoot } from '../lib/repo';
import { runMain } from '../lib/run-main';
import { webhookSettings } from '../lib/webhook-secrets';

const USAGE = 'usage: npm run webhook:send -- <stripe|shopify|shopify-delete|list> [product-slug] [price, e.g. 24.99]';

const PRODUCT_QUERY = `SELECT ${LINKED_PRODUCT_COLUMNS} FROM "Product" p`;

async function main(): Promise<number> {
  loadProjectEnv();
  const [kind, slug, priceText] = process.argv.slice(2).filter((arg) => arg !== '--');
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set (run through npm run webhook:send)');
  const shopUrl = process.env.SHOP_URL ?? `http://localhost:${process.env.PORT ?? '3000'}`;
  const settings = webhookSettings(repoRoot);

  if (kind === 'list') return listLinkedProducts(databaseUrl);
  if (!slug || !['stripe', 'shopify', 'shopify-delete'].includes(kind ?? '')) throw new Error(USAGE);
  const product = (
    await withClient(databaseUrl, (client) =>
      client.query<LinkedProductRow>(`${PRODUCT_QUERY} WHERE p.slug = $1`, [slug]),
    )
  ).rows[0];
  if (!product) throw new Error(`no product with slug ${slug}`);
  const first = product.variants[0];
  if (!first) throw new Error(`${slug} has no variants`);

  if (kind === 'shopify-delete') {
    if (!product.shopifyProductId) throw new Error(`${slug} is not linked to Shopify`);
    return sendShopify(
      shopUrl,
      settings,
      'products/delete',
      productDeletePayload({ id: BigInt(product.shopifyProductId) }),
    );
  }
  if (!priceText) throw new Error(USAGE);
  const amount = parseDecimal(priceText, first.currency).amount;

  if (kind === 'stripe') {
    if (!product.stripeProductId)
      throw new Error(`${slug} is not linked to Stripe (try: npm run webhook:send -- list)`);
    const events = stripePriceChangeEvents({
      stripeProductId: product.stripeProductId,
      productName: product.title,
      description: product.description,
      sku: first.sku,
      currency: first.currency,
      unitAmount: amount,
      previous: first.stripePriceId ? { id: first.stripePriceId, unitAmount: first.price } : null,
    });
    for (const event of events) {
      const body = stripeEventBody(event);
      await send(`${shopUrl}/api/webhooks/stripe`, event.type, body, {
        'Content-Type': 'application/json; charset=utf-8',
        'Stripe-Signature': signStripePayload(body, settings.STRIPE_WEBHOOK_SECRET),
        'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      });
    }
    return 0;
  }

  if (!product.shopifyProductId)
    throw new Error(`${slug} is not linked to Shopify (try: npm run webhook:send -- list)`);
  const linked = {
    ...product,
    shopifyProductId: product.shopifyProductId,
    variants: product.variants.map((v) => ({ ...v, shopifyVariantId: v.shopifyVariantId ?? '0' })),
  };
  return sendShopify(shopUrl, settings, 'products/update', shopifyUpdateFor(linked, { [first.sku]: amount }));
}

async function sendShopify(
  shopUrl: string,
  settings: ReturnType<typeof webhookSettings>,
  topic: ShopifyProductTopic,
  payload: unknown,
): Promise<number> {
  const body = shopifyRawBody(payload);
  const headers = shopifyWebhookHeaders({
    topic,
    hmac: signShopifyBody(body, settings.SHOPIFY_WEBHOOK_SECRET),
    shopDomain: settings.SHOPIFY_SHOP_DOMAIN,
  });
  await send(`${shopUrl}/api/webhooks/shopify`, topic, body, headers);
  return 0;
}

async function send(url: string, label: string, body: string | Buffer, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  console.log(`${label} -> ${response.status} ${await response.text()}`);
  if (!response.ok) throw new Error(`${label} was refused`);
}

async function listLinkedProducts(databaseUrl: string): Promise<number> {
  const rows = await withClient(databaseUrl, (client) =>
    client.query<{ slug: string; source: string }>(
      `(SELECT slug, 'stripe' AS source FROM "Product" WHERE "stripeProductId" IS NOT NULL AND status = 'ACTIVE' ORDER BY id LIMIT 5)
       UNION ALL
       (SELECT slug, 'shopify' FROM "Product" WHERE "shopifyProductId" IS NOT NULL AND status = 'ACTIVE' ORDER BY id LIMIT 5)`,
    ),
  );
  for (const row of rows.rows) console.log(`${row.source.padEnd(8)} ${row.slug}`);
  return 0;
}

runMain(main);
