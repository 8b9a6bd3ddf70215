/**
 * Webhook answers while a bulk change holds its category's rows:
 *   npm run bench:webhook-during-bulk -- [--products 1000] [--rate 20] [--idle-seconds 10]
 * Against a running shop (SHOP_URL) and its database. Signed Shopify products/update deliveries
 * for `bench-fanout` products are sent open loop at --rate per second, first on an idle shop,
 * then while a -5 % bulk change of the whole category runs. Reported: the answer time of each
 * delivery (Shopify waits 5 s at most; target p99 < 100 ms during the change) and how long after
 * the bulk change's answer the last delivery sent during it was applied.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { getDb } from '../../lib/db';
import { shopifyWebhookHeaders } from '../../testing/shopify/fixtures/headers';
import { shopifyRawBody } from '../../testing/shopify/fixtures/raw-body';
import { shopifyUpdateFor } from '../../testing/shopify/payload-for-product';
import { signShopifyBody } from '../../lib/shopify/verify-hmac';
import { LINKED_PRODUCT_COLUMNS, type LinkedProductRow } from '../../testing/linked-product';
import { loadProjectEnv, repoRoot } from '../lib/repo';
import { runMain } from '../lib/run-main';
import { shopUrl } from '../lib/shop-url';
import { webhookSettings } from '../lib/webhook-secrets';
import { logInAdmin } from './lib/admin-client';
import { BENCH_CATEGORY_SLUG, ensureBenchCatalog } from './lib/bench-catalog';
import { ms, summarize } from './lib/stats';

const LINKED_PRODUCTS = 40;

interface Sent {
  ms: number;
  status: number;
  deliveryId: number | null;
}

function readOptions() {
  const { values } = parseArgs({
    options: {
      products: { type: 'string', default: '1000' },
      rate: { type: 'string', default: '20' },
      'idle-seconds': { type: 'string', default: '10' },
    },
  });
  return { products: Number(values.products), rate: Number(values.rate), idleSeconds: Number(values['idle-seconds']) };
}

/** Links the first bench products to made-up Shopify ids (once), so deliveries can name them. */
async function linkBenchProducts(): Promise<LinkedProductRow[]> {
  const db = getDb();
  await db.$executeRaw`
    UPDATE "Product" SET "shopifyProductId" = '77' || lpad(id::text, 12, '0')
    WHERE slug LIKE 'bench-%' AND "shopifyProductId" IS NULL AND slug <= ${`bench-${String(LINKED_PRODUCTS).padStart(5, '0')}`}`;
  await db.$executeRaw`
    UPDATE "Variant" v SET "shopifyVariantId" = '78' || lpad(v.id::text, 12, '0')
    FROM "Product" p WHERE p.id = v."productId" AND p."shopifyProductId" LIKE '77%' AND v."shopifyVariantId" IS NULL`;
  return db.$queryRawUnsafe<LinkedProductRow[]>(
    `SELECT ${LINKED_PRODUCT_COLUMNS} FROM "Product" p WHERE p."shopifyProductId" LIKE '77%' ORDER BY p.slug`,
  );
}

/** Sends one signed products/update per tick (open loop) until `stop()`; returns every answer. */
function sendDeliveries(baseUrl: string, products: LinkedProductRow[], rate: number) {
  const settings = webhookSettings(repoRoot);
  const sent: Promise<Sent>[] = [];
  let seq = 0;
  const base = Date.now() + 60_000; // later than any updated_at applied before, one second apart
  const timer = setInterval(() => {
    seq += 1;
    const product = products[seq % products.length];
    if (!product) return;
    const prices = Object.fromEntries(product.variants.map((v) => [v.sku, v.price - (seq % 5)]));
    const body = shopifyRawBody(
      shopifyUpdateFor(
        {
          ...product,
          shopifyProductId: product.shopifyProductId ?? '',
          variants: product.variants.map((v) => ({ ...v, shopifyVariantId: v.shopifyVariantId ?? '' })),
        },
        prices,
        new Date(base + seq * 1000),
      ),
    );
    const headers = shopifyWebhookHeaders({
      topic: 'products/update',
      hmac: signShopifyBody(body, settings.SHOPIFY_WEBHOOK_SECRET),
      shopDomain: settings.SHOPIFY_SHOP_DOMAIN,
    });
    const started = performance.now();
    sent.push(
      fetch(`${baseUrl}/api/webhooks/shopify`, { method: 'POST', headers, body: new Uint8Array(body) }).then(
        async (response) => {
          const answer = (await response.json().catch(() => ({}))) as { delivery?: number };
          return { ms: performance.now() - started, status: response.status, deliveryId: answer.delivery ?? null };
        },
        () => ({ ms: performance.now() - started, status: 0, deliveryId: null }),
      ),
    );
  }, 1000 / rate);
  return {
    stop: async () => {
      clearInterval(timer);
      return Promise.all(sent);
    },
  };
}

interface JobBody {
  job: { id: number; status: string };
}

async function runBulkChange(baseUrl: string, categoryId: number) {
  const admin = await logInAdmin(baseUrl);
  const request = { target: { categoryId }, adjustment: { kind: 'percent', percent: -5 } };
  const preview = await admin.send<{ previewToken: string }>('POST', '/api/admin/bulk-price/preview', request);
  // Applying is a job now: the change runs from its 202 until the job is no longer RUNNING.
  return async () => {
    const started = performance.now();
    const apply = await admin.send<JobBody>('POST', '/api/admin/bulk-price/apply', {
      ...request,
      previewToken: preview.body.previewToken,
    });
    if (apply.status !== 202) return { status: apply.status, ms: performance.now() - started };
    for (;;) {
      const { body } = await admin.send<JobBody>('GET', `/api/admin/bulk-price/jobs/${apply.body.job.id}`);
      if (body.job.status !== 'RUNNING')
        return { status: body.job.status === 'DONE' ? 200 : 500, ms: performance.now() - started };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
}

/** Waits until none of `ids` is pending; returns when that was. */
async function allApplied(ids: number[]): Promise<number> {
  for (;;) {
    const pending = await getDb().webhookDelivery.count({ where: { id: { in: ids }, status: 'PENDING' } });
    if (pending === 0) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  loadProjectEnv();
  const options = readOptions();
  const baseUrl = shopUrl();
  const loadBefore = loadavg()[0] ?? 0;
  try {
    const { categoryId } = await ensureBenchCatalog(options.products);
    const products = await linkBenchProducts();
    const idle = sendDeliveries(baseUrl, products, options.rate);
    await new Promise((resolve) => setTimeout(resolve, options.idleSeconds * 1000));
    const idleSent = await idle.stop();
    await allApplied(idleSent.flatMap((s) => (s.deliveryId ? [s.deliveryId] : [])));

    const apply = await runBulkChange(baseUrl, categoryId);
    const during = sendDeliveries(baseUrl, products, options.rate);
    const bulk = await apply();
    const bulkAnswered = performance.now();
    const duringSent = await during.stop();
    const appliedAt = await allApplied(duringSent.flatMap((s) => (s.deliveryId ? [s.deliveryId] : [])));
    printResults({
      options,
      idleSent,
      duringSent,
      bulkStatus: bulk.status,
      bulkMs: bulk.ms,
      appliedAfterMs: appliedAt - bulkAnswered,
      loadBefore,
    });
  } finally {
    await getDb().$disconnect();
  }
}

function printResults(run: {
  options: ReturnType<typeof readOptions>;
  idleSent: Sent[];
  duringSent: Sent[];
  bulkStatus: number;
  bulkMs: number;
  appliedAfterMs: number;
  loadBefore: number;
}) {
  const idle = summarize(run.idleSent.map((s) => s.ms));
  const during = summarize(run.duringSent.map((s) => s.ms));
  const errors = (sent: Sent[]) => sent.filter((s) => s.status < 200 || s.status > 299).length;
  console.log(
    `\nwebhook answers during a bulk change: ${run.options.products} products in ${BENCH_CATEGORY_SLUG}, ` +
      `deliveries at ${run.options.rate}/s; ${cpus().length} cores, load average ${run.loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after`,
  );
  console.log('| measure | value | target |\n| --- | --- | --- |');
  console.log(`| answer p50 / p99 / max, idle (${idle.n}) | ${ms(idle.p50)} / ${ms(idle.p99)} / ${ms(idle.max)} | |`);
  console.log(
    `| answer p50 / p99 / max, during the bulk change (${during.n}) | ${ms(during.p50)} / ${ms(during.p99)} / ${ms(during.max)} | p99 < 100 ms: ${during.p99 < 100 ? 'met' : 'NOT met'} |`,
  );
  console.log(`| non-2xx answers idle / during | ${errors(run.idleSent)} / ${errors(run.duringSent)} | 0 |`);
  console.log(`| bulk change answered (status ${run.bulkStatus}) | ${ms(run.bulkMs)} | |`);
  console.log(`| bulk answered -> every delivery sent during it applied | ${ms(run.appliedAfterMs)} | |`);
}

runMain(main);
