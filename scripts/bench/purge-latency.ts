/**
 * Purge latency: admin saves a new price → the product page's next GET shows it.
 *   npm run bench:purge-latency -- [--edits 200] [--warmup 5] [--read-url http://localhost:6081]
 * Against a running shop (SHOP_URL, default http://localhost:$PORT or 3000) and its database
 * (the npm script runs it through with-db.ts). For each edit: a random ACTIVE product (the
 * `bench-` products excluded) is read from the database, one variant's price moves by one minor
 * unit through PUT /api/admin/products/<id>, and the product page is polled with no pause until
 * its variant row shows the new price. Every changed price is put back at the end (not timed).
 * `--read-url` polls another address for the page, e.g. an edge cache in front of the shop: the
 * time is then "price saved → fresh HTML through the edge".
 */
import { parseArgs } from 'node:util';
import { getProductForEdit, type ProductForEdit } from '../../lib/catalog/product-for-edit';
import { getDb } from '../../lib/db';
import { readProductPage } from '../verification/read-page';
import { productPath } from '../../lib/storefront/paths';
import { runMain } from '../lib/run-main';
import { shopUrl } from '../lib/shop-url';
import { logInAdmin, type AdminClient } from './lib/admin-client';
import { formatSummary, summarize } from './lib/stats';
import { productFormOf } from '../../testing/product-form';

const TARGET_P95_MS = 250;
const POLL_TIMEOUT_MS = 10_000;

interface Edit {
  productId: number;
  variantId: number;
  sku: string;
  slug: string;
  newPrice: number;
}

interface Measured {
  saveMs: number;
  freshMs: number;
  polls: number;
  failedPurges: number;
  queuedPurges: number;
}

/** The product as the product form loads it (the body below is what that form sends). */
async function readForEdit(productId: number): Promise<ProductForEdit> {
  const product = await getProductForEdit(productId);
  if (!product) throw new Error(`product ${productId} is gone`);
  return product;
}

/** The body the product form would send, with one variant's price replaced. */
function updateBody(product: ProductForEdit, variantId: number, price: number) {
  const form = productFormOf(product);
  return { ...form, variants: form.variants.map((v) => (v.id === variantId ? { ...v, price } : v)) };
}

/** One minor unit up or down, whichever keeps the price valid (>= 0, below its compare-at price). */
function nudged(price: number, compareAt: number | null): number {
  const upAllowed = compareAt === null || price + 1 < compareAt;
  if (price === 0 || (upAllowed && Math.random() < 0.5)) return price + 1;
  return price - 1;
}

async function putPrice(admin: AdminClient, product: ProductForEdit, variantId: number, price: number) {
  const response = await admin.send<{ results?: { ok: boolean; queued?: boolean }[]; message?: string }>(
    'PUT',
    `/api/admin/products/${product.id}`,
    updateBody(product, variantId, price),
  );
  if (response.status !== 200)
    throw new Error(`save of ${product.slug} answered ${response.status}: ${JSON.stringify(response.body)}`);
  const results = response.body.results ?? [];
  // Queued is not failed: with the roles split, the feed and the sitemap follow the save (docs/purge.md).
  return {
    ms: response.ms,
    failedPurges: results.filter((r) => !r.ok && !r.queued).length,
    queuedPurges: results.filter((r) => !r.ok && r.queued).length,
  };
}

/** Polls the product page until its row for `sku` shows `price`; returns how many GETs it took. */
async function pollUntilFresh(baseUrl: string, edit: Edit, started: number): Promise<number> {
  for (let polls = 1; ; polls += 1) {
    const html = await (await fetch(`${baseUrl}${productPath(edit.slug)}`)).text();
    const row = readProductPage(html).variants.find((v) => v.sku === edit.sku);
    if (row?.price?.amount === edit.newPrice) return polls;
    if (performance.now() - started > POLL_TIMEOUT_MS) {
      throw new Error(`${edit.slug} still shows ${row?.price?.amount} after ${POLL_TIMEOUT_MS} ms`);
    }
  }
}

async function measureEdit(readUrl: string, admin: AdminClient, productId: number, originals: Map<number, number>) {
  const product = await readForEdit(productId);
  const variant = product.variants[Math.floor(Math.random() * product.variants.length)];
  if (!variant) throw new Error(`${product.slug} has no variants`);
  if (!originals.has(variant.id)) originals.set(variant.id, variant.price);
  const edit = {
    productId,
    variantId: variant.id,
    sku: variant.sku,
    slug: product.slug,
    newPrice: nudged(variant.price, variant.compareAtPrice),
  };
  const started = performance.now();
  const save = await putPrice(admin, product, variant.id, edit.newPrice);
  const polls = await pollUntilFresh(readUrl, edit, started);
  return {
    saveMs: save.ms,
    freshMs: performance.now() - started,
    polls,
    failedPurges: save.failedPurges,
    queuedPurges: save.queuedPurges,
  };
}

/** `count` product ids drawn at random, each once until all were drawn. */
function drawIds(ids: number[], count: number): number[] {
  const drawn: number[] = [];
  while (drawn.length < count) drawn.push(...[...ids].sort(() => Math.random() - 0.5));
  return drawn.slice(0, count);
}

async function restore(admin: AdminClient, originals: Map<number, number>): Promise<void> {
  const variants = await getDb().variant.findMany({
    where: { id: { in: [...originals.keys()] } },
    select: { id: true, productId: true, price: true },
  });
  for (const variant of variants) {
    const original = originals.get(variant.id);
    if (original === undefined || original === variant.price) continue;
    await putPrice(admin, await readForEdit(variant.productId), variant.id, original);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      edits: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '5' },
      'read-url': { type: 'string' },
    },
  });
  const [edits, warmup] = [Number(values.edits), Number(values.warmup)];
  if (!(Number.isInteger(edits) && edits > 0 && Number.isInteger(warmup) && warmup >= 0)) {
    throw new Error('--edits must be a positive integer and --warmup a whole number');
  }
  const baseUrl = shopUrl();
  const readUrl = (values['read-url'] ?? baseUrl).replace(/\/+$/, '');
  const admin = await logInAdmin(baseUrl);
  const products = await getDb().product.findMany({
    where: { status: 'ACTIVE', NOT: { slug: { startsWith: 'bench-' } } },
    select: { id: true },
  });
  const originals = new Map<number, number>();
  const measured: Measured[] = [];
  try {
    for (const [i, id] of drawIds(
      products.map((p) => p.id),
      warmup + edits,
    ).entries()) {
      const result = await measureEdit(readUrl, admin, id, originals);
      if (i >= warmup) measured.push(result);
    }
  } finally {
    await restore(admin, originals);
    await getDb().$disconnect();
  }
  report(readUrl, measured, warmup);
}

function report(baseUrl: string, measured: Measured[], warmup: number): void {
  const fresh = summarize(measured.map((m) => m.freshMs));
  console.log(`purge latency, ${baseUrl}: ${measured.length} edits of random products (after ${warmup} warm-up edits)`);
  console.log(`  save sent -> page shows new price  ${formatSummary(fresh)}`);
  console.log(`  save response (commit + purge)     ${formatSummary(summarize(measured.map((m) => m.saveMs)))}`);
  console.log(
    `  first GET after the save already fresh: ${measured.filter((m) => m.polls === 1).length}/${measured.length}`,
  );
  console.log(`  purges reported failed: ${measured.reduce((sum, m) => sum + m.failedPurges, 0)}`);
  console.log(
    `  purges reported queued (the worker finishes them after the answer): ${measured.reduce((sum, m) => sum + m.queuedPurges, 0)}`,
  );
  console.log(`  target p95 < ${TARGET_P95_MS} ms: ${fresh.p95 < TARGET_P95_MS ? 'met' : 'NOT met'}`);
  console.log('  every changed price was put back afterwards');
}

runMain(main);
