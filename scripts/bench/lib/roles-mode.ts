/**
 * One role mode of `npm run bench:roles` (scripts/bench/roles.ts starts this as a child, with
 * DATABASE_URL naming a freshly seeded database and the build in NEXT_DIST_DIR): starts the scaled
 * shop (scripts/lib/scaled-shop.ts) with the roles split or not, runs open-loop shopper load at
 * the edge (Varnish) and at app1 directly while it (a) runs a bulk price job on the largest
 * category as the dashboard does and (b) sends concurrent dashboard saves and signed Stripe price
 * webhooks, all through the edge as a shop owner and Stripe would (compose.vcl sends them to the
 * worker, or round robin to app1 and app2 with roles `all`), and writes what it measured as JSON
 * to the file named by --out.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { getProductForEdit, type ProductForEdit } from '../../../lib/catalog/product-for-edit';
import { getDb } from '../../../lib/db';
import { queueState } from '../../../lib/revalidation/queue-state';
import { HOME_PATH } from '../../../lib/storefront/paths';
import { productFormOf } from '../../../testing/product-form';
import { LINKED_PRODUCT_COLUMNS, type LinkedProductRow } from '../../../testing/linked-product';
import { stripeEventBody } from '../../../testing/stripe/fixtures';
import { stripePriceChangeEvents } from '../../../testing/stripe/price-change';
import { signStripePayload } from '../../../testing/stripe/sign';
import { readCatalogSnapshot } from '../../verification/catalog-snapshot';
import { formatMismatch } from '../../verification/format-report';
import { verifyShop } from '../../verification/verify-shop';
import { findFreePort } from '../../lib/free-port';
import { repoRoot } from '../../lib/repo';
import { runMain } from '../../lib/run-main';
import type { NextServer } from '../../lib/next-server';
import { startScaledShop, workerName, type ScaledShop } from '../../lib/scaled-shop';
import { logInAdmin, type AdminClient } from './admin-client';
import { nextStartToFirstPage } from './next-start-time';
import { startOpenLoopLoad, type OpenLoopStats } from './open-loop-load';
import { shopperPaths, warm } from './shopper-pages';
import { instanceMemory, type InstanceMemory } from './process-memory';
import { summarize, type Summary } from './stats';

export type RoleMode = 'split' | 'all';

export interface ModeOptions {
  mode: RoleMode;
  rate: number;
  idleSeconds: number;
  saves: number;
  webhooks: number;
  percent: number;
  consistency: boolean;
  /** Workers beside the two web instances in `split` mode. */
  workers: number;
  /** Runs them below the web instances on the CPU. */
  workersBelow: boolean;
}

export interface ShopperRow {
  target: string;
  phase: string;
  summary: Summary;
  errors: number;
  timeouts: number;
}

export interface ModeResult {
  mode: RoleMode;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  paths: number;
  category: { slug: string; products: number };
  shoppers: ShopperRow[];
  bulk: {
    variants: number;
    changed: number;
    batches: number;
    previewMs: number;
    applyMs: number;
    jobDoneMs: number;
    drainedMs: number;
    /** Apply sent → the scoped consistency check passes through the edge; null when not checked. */
    consistentMs: number | null;
    status: string;
  };
  writes: {
    saves: Summary;
    saveErrors: number;
    saveStatuses: Record<string, number>;
    /** The first answer that was not 200, shortened. */
    saveErrorSample: string | null;
    savePurgesFailed: number;
    savePurgesQueued: number;
    savePages: number;
    webhooks: Summary;
    webhookErrors: number;
    webhookStatuses: Record<string, number>;
    /** First write sent → every write answered. */
    answeredMs: number;
    /** First write sent → every delivery applied and every queued page purged. */
    drainedMs: number;
  };
  /** The instances, by name: app1, app2 and the workers (`worker`, `worker-2`, ...). */
  instances: string[];
  /** Pages each instance rendered (LOG_RENDERS) during each phase. */
  renders: Record<string, Record<string, number>>;
  memory: { idle: Record<string, InstanceMemory>; afterFanOut: Record<string, InstanceMemory> };
  nextStartMs: number;
}

const GIVE_UP_MS = 240_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readOptions(): { options: ModeOptions; out: string } {
  const { values } = parseArgs({ options: { options: { type: 'string' }, out: { type: 'string' } } });
  if (!values.options || !values.out) throw new Error('usage: roles-mode.ts --options <json> --out <file>');
  return { options: JSON.parse(values.options) as ModeOptions, out: values.out };
}

/** The category with the most products: the bulk change's target. */
async function largestCategory() {
  const [largest] = await getDb().$queryRaw<{ id: number; slug: string; size: number }[]>`
    SELECT c.id, c.slug, count(*)::int AS size FROM "ProductCategory" pc JOIN "Category" c ON c.id = pc."categoryId"
    GROUP BY c.id ORDER BY size DESC, c.id LIMIT 1`;
  if (!largest) throw new Error('no category has products');
  return largest;
}

async function checkCategory(baseUrl: string, slug: string) {
  const snapshot = await readCatalogSnapshot({ categorySlugs: [slug] });
  return verifyShop({ baseUrl, snapshot, concurrency: 4 });
}

async function pendingWork(): Promise<number> {
  const db = getDb();
  const [purges, deliveries] = await Promise.all([
    queueState(db).then((state) => state.pending),
    db.webhookDelivery.count({ where: { status: 'PENDING' } }),
  ]);
  return purges + deliveries;
}

/** Polls until nothing is pending in the outbox or the inbox; returns when that was. */
async function drained(since: number): Promise<number> {
  for (;;) {
    if ((await pendingWork()) === 0) return performance.now();
    if (performance.now() - since > GIVE_UP_MS) throw new Error(`work still pending ${GIVE_UP_MS / 1000} s on`);
    await sleep(100);
  }
}

interface JobBody {
  job: { id: number; status: string; batchesDone: number; totalVariants: number; variantsChanged: number };
}

/** Preview, apply (202: a job), then follow the job as the bulk page does, and wait for its pages. */
async function bulkChange(admin: AdminClient, categoryId: number, percent: number) {
  const request = { target: { categoryId }, adjustment: { kind: 'percent', percent } };
  const preview = await admin.send<{ previewToken: string; totals: { variants: number; changed: number } }>(
    'POST',
    '/api/admin/bulk-price/preview',
    request,
  );
  if (preview.status !== 200) throw new Error(`preview answered ${preview.status}: ${JSON.stringify(preview.body)}`);
  const sent = performance.now();
  const apply = await admin.send<JobBody>('POST', '/api/admin/bulk-price/apply', {
    ...request,
    previewToken: preview.body.previewToken,
  });
  if (apply.status !== 202) throw new Error(`apply answered ${apply.status}: ${JSON.stringify(apply.body)}`);
  let job = apply.body.job;
  while (job.status === 'RUNNING') {
    await sleep(250);
    const answer = await admin.send<JobBody>('GET', `/api/admin/bulk-price/jobs/${job.id}`);
    if (answer.status !== 200) throw new Error(`job ${job.id} answered ${answer.status}`);
    job = answer.body.job;
  }
  const jobDone = performance.now();
  const drainedAt = await drained(sent);
  return {
    sent,
    variants: preview.body.totals.variants,
    changed: job.variantsChanged,
    batches: job.batchesDone,
    previewMs: preview.ms,
    applyMs: apply.ms,
    jobDoneMs: jobDone - sent,
    drainedMs: drainedAt - sent,
    status: job.status,
  };
}

/** Repeats the scoped check through the edge until it passes; returns when it did. */
async function consistentAt(baseUrl: string, slug: string, since: number): Promise<number> {
  for (;;) {
    const report = await checkCategory(baseUrl, slug);
    if (report.mismatches.length === 0) return performance.now();
    if (performance.now() - since > GIVE_UP_MS) {
      report.mismatches.slice(0, 10).forEach((m) => console.error(formatMismatch(m)));
      throw new Error(`${report.mismatches.length} mismatches ${GIVE_UP_MS / 1000} s after the apply`);
    }
  }
}

/** One minor unit up or down, whichever keeps the price valid. */
function nudged(price: number, compareAt: number | null): number {
  return price > 0 && (compareAt === null || price + 1 >= compareAt) ? price - 1 : price + 1;
}

/** Products for the saves: ACTIVE, not linked to Stripe (the webhooks change those), the sample ones first. */
async function productsToSave(count: number, skipCategoryId: number): Promise<ProductForEdit[]> {
  const rows = await getDb().product.findMany({
    where: {
      status: 'ACTIVE',
      stripeProductId: null,
      NOT: { categories: { some: { categoryId: skipCategoryId } } },
    },
    select: { id: true },
    orderBy: { id: 'asc' },
    take: count,
  });
  if (rows.length < count) throw new Error(`only ${rows.length} products to save, ${count} asked`);
  const products = await Promise.all(rows.map((row) => getProductForEdit(row.id)));
  return products.filter((p): p is ProductForEdit => p !== null);
}

/** Stripe-linked ACTIVE products outside the bulk category, whose prices the deliveries change. */
async function stripeProducts(count: number, skipCategoryId: number): Promise<LinkedProductRow[]> {
  const rows = await getDb().$queryRawUnsafe<LinkedProductRow[]>(
    `SELECT ${LINKED_PRODUCT_COLUMNS} FROM "Product" p
      WHERE p.status = 'ACTIVE' AND p."stripeProductId" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "ProductCategory" pc WHERE pc."productId" = p.id AND pc."categoryId" = $1)
      ORDER BY p.id LIMIT $2`,
    skipCategoryId,
    count,
  );
  if (rows.length < count) throw new Error(`only ${rows.length} Stripe-linked products, ${count} asked`);
  return rows;
}

interface Answer {
  ms: number;
  ok: boolean;
  /** The HTTP status, 0 when no answer came. */
  status: number;
  /** The body of an answer that was not ok, shortened. */
  error?: string;
  /** Pages the answer reported failed. */
  failedPurges: number;
  /** Pages the answer reported queued: not fresh yet when it answered, left to the drainer. */
  queuedPurges: number;
  /** Pages the answer reported on. */
  pages: number;
}

async function save(admin: AdminClient, product: ProductForEdit): Promise<Answer> {
  const form = productFormOf(product);
  const [first, ...rest] = form.variants;
  if (!first) throw new Error(`${product.slug} has no variants`);
  const body = { ...form, variants: [{ ...first, price: nudged(first.price, first.compareAtPrice) }, ...rest] };
  const started = performance.now();
  try {
    const answer = await admin.send<{ results?: { ok: boolean; queued?: boolean }[] }>(
      'PUT',
      `/api/admin/products/${product.id}`,
      body,
    );
    const results = answer.body.results ?? [];
    return {
      ms: answer.ms,
      ok: answer.status === 200,
      status: answer.status,
      error: answer.status === 200 ? undefined : JSON.stringify(answer.body).slice(0, 200),
      failedPurges: results.filter((r) => !r.ok && !r.queued).length,
      queuedPurges: results.filter((r) => !r.ok && r.queued).length,
      pages: results.length,
    };
  } catch (error) {
    return unanswered(started, error);
  }
}

/** A request that got no answer at all (refused, reset, timed out). */
function unanswered(started: number, error: unknown): Answer {
  const message = error instanceof Error ? error.message : String(error);
  return {
    ms: performance.now() - started,
    ok: false,
    status: 0,
    error: message,
    failedPurges: 0,
    queuedPurges: 0,
    pages: 0,
  };
}

/** The events Stripe sends for a new price of the product's first variant, each signed and POSTed. */
function stripeDeliveries(baseUrl: string, product: LinkedProductRow, secret: string): Promise<Answer>[] {
  const first = product.variants[0];
  if (!first || !product.stripeProductId) throw new Error(`${product.slug} is not a linked Stripe product`);
  const events = stripePriceChangeEvents({
    stripeProductId: product.stripeProductId,
    productName: product.title,
    description: product.description,
    sku: first.sku,
    currency: first.currency,
    unitAmount: nudged(first.price, first.compareAtPrice),
    previous: first.stripePriceId ? { id: first.stripePriceId, unitAmount: first.price } : null,
  });
  return events.map(async (event) => {
    const body = stripeEventBody(event);
    const started = performance.now();
    try {
      const response = await fetch(`${baseUrl}/api/webhooks/stripe`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': signStripePayload(body, secret),
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body,
      });
      const text = await response.text();
      const ms = performance.now() - started;
      const error = response.ok ? undefined : text.slice(0, 200);
      return { ms, ok: response.ok, status: response.status, error, failedPurges: 0, queuedPurges: 0, pages: 0 };
    } catch (error) {
      return unanswered(started, error);
    }
  });
}

/** How many answers came with each status ("0": none came). */
function statusCounts(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[answer.status] = (counts[answer.status] ?? 0) + 1;
  return counts;
}

/** (b): every save and every delivery sent at once; then waits for the inbox and the outbox. */
async function concurrentWrites(
  shop: ScaledShop,
  admin: AdminClient,
  saving: ProductForEdit[],
  linked: LinkedProductRow[],
) {
  const secret = process.env.STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new Error('STRIPE_WEBHOOK_SECRET is not set');
  const sent = performance.now();
  const saves = saving.map((product) => save(admin, product));
  const deliveries = linked.flatMap((product) => stripeDeliveries(shop.shopUrl, product, secret));
  const [saved, delivered] = await Promise.all([Promise.all(saves), Promise.all(deliveries)]);
  const answered = performance.now();
  const drainedAt = await drained(sent);
  return {
    saves: summarize(saved.map((a) => a.ms)),
    saveErrors: saved.filter((a) => !a.ok).length,
    saveStatuses: statusCounts(saved),
    saveErrorSample: saved.find((a) => !a.ok)?.error ?? null,
    savePurgesFailed: saved.reduce((sum, a) => sum + a.failedPurges, 0),
    savePurgesQueued: saved.reduce((sum, a) => sum + a.queuedPurges, 0),
    savePages: saved.reduce((sum, a) => sum + a.pages, 0),
    webhooks: summarize(delivered.map((a) => a.ms)),
    webhookErrors: delivered.filter((a) => !a.ok).length,
    webhookStatuses: statusCounts(delivered),
    answeredMs: answered - sent,
    drainedMs: drainedAt - sent,
  };
}

/** Each instance the shop started, by the name its output is labelled with: app1, app2, worker, worker-2, ... */
function namedInstances(shop: ScaledShop): [string, NextServer][] {
  return [
    ...shop.instances.map((instance, index): [string, NextServer] => [`app${index + 1}`, instance]),
    ...shop.workers.map((worker, index): [string, NextServer] => [workerName(index), worker]),
  ];
}

function memoryOf(shop: ScaledShop): Record<string, InstanceMemory> {
  return Object.fromEntries(
    namedInstances(shop).map(([name, server]) => [name, instanceMemory(Number(new URL(server.origin).port))]),
  );
}

function shopperRows(stats: OpenLoopStats[]): ShopperRow[] {
  return stats.map((s) => ({
    target: s.target,
    phase: s.phase,
    summary: summarize(s.latencies),
    errors: s.errors,
    timeouts: s.timeouts,
  }));
}

async function main(): Promise<void> {
  const { options, out } = readOptions();
  const loadAverageStart = loadavg();
  let phase = 'start';
  const renders: Record<string, Record<string, number>> = {};
  const shop = await startScaledShop({
    root: repoRoot,
    env: process.env,
    roles: options.mode,
    workers: options.mode === 'split' ? options.workers : undefined,
    workersBelow: options.workersBelow,
    onOutput: (instance, chunk) => {
      const count = chunk.match(/^render \S+ \(PURGE_ROLE=/gm)?.length ?? 0;
      if (count === 0) return;
      const byInstance = (renders[phase] ??= {});
      byInstance[instance] = (byInstance[instance] ?? 0) + count;
    },
  });
  try {
    const [app1, app2] = shop.instances;
    if (!app1 || !app2) throw new Error('the scaled shop started without its two instances');
    const category = await largestCategory();
    const paths = await shopperPaths(category.slug);
    console.log(`bench:roles ${options.mode}: warming ${paths.length} pages at the edge, app1 and app2 ...`);
    phase = 'warm-up';
    await warm([shop.shopUrl, app1.origin, app2.origin], paths);
    if (options.consistency) {
      console.log(
        `bench:roles ${options.mode}: rendering and checking ${category.slug} (${category.size} products) ...`,
      );
      await checkCategory(shop.shopUrl, category.slug); // renders the pages no one asked for yet
      const before = await checkCategory(shop.shopUrl, category.slug);
      if (before.mismatches.length > 0) {
        before.mismatches.slice(0, 10).forEach((m) => console.error(formatMismatch(m)));
        throw new Error(`${category.slug} disagrees with the database before the change`);
      }
    }
    // A third instance of the same role on the warm shop: spawn → first 200 on the home page.
    const nextStartMs = await nextStartToFirstPage({
      root: repoRoot,
      port: await findFreePort(),
      env: { ...process.env, PURGE_ROLE: options.mode === 'split' ? 'web' : 'all', REDIS_URL: shop.redisUrl },
      page: HOME_PATH,
    });
    const admin = await logInAdmin(shop.shopUrl);
    const saving = await productsToSave(options.saves, category.id);
    const linked = await stripeProducts(options.webhooks, category.id);

    console.log(`bench:roles ${options.mode}: shoppers at ${options.rate} req/s at the edge and at app1 ...`);
    const load = startOpenLoopLoad({
      targets: [
        { name: 'edge', baseUrl: shop.shopUrl },
        { name: 'web', baseUrl: app1.origin },
      ],
      paths,
      rate: options.rate,
    });
    const enter = (name: string) => {
      phase = name;
      load.phase(name);
    };
    enter('settle');
    await sleep(3_000);
    enter('idle');
    await sleep(options.idleSeconds * 1000);
    const idleMemory = memoryOf(shop);

    console.log(`bench:roles ${options.mode}: (a) bulk ${options.percent} % on ${category.slug} ...`);
    enter('bulk');
    const bulk = await bulkChange(admin, category.id, options.percent);
    enter('bulk-check');
    const consistent = options.consistency ? await consistentAt(shop.shopUrl, category.slug, bulk.sent) : null;
    const afterFanOut = memoryOf(shop);
    enter('gap');
    await sleep(3_000);

    console.log(
      `bench:roles ${options.mode}: (b) ${saving.length} saves and ${linked.length} Stripe price changes at once ...`,
    );
    enter('writes');
    const writes = await concurrentWrites(shop, admin, saving, linked);
    enter('end');
    const shoppers = shopperRows(await load.stop());

    const result: ModeResult = {
      mode: options.mode,
      loadAverageStart,
      loadAverageEnd: loadavg(),
      paths: paths.length,
      category: { slug: category.slug, products: category.size },
      shoppers,
      bulk: {
        variants: bulk.variants,
        changed: bulk.changed,
        batches: bulk.batches,
        previewMs: bulk.previewMs,
        applyMs: bulk.applyMs,
        jobDoneMs: bulk.jobDoneMs,
        drainedMs: bulk.drainedMs,
        consistentMs: consistent === null ? null : consistent - bulk.sent,
        status: bulk.status,
      },
      writes,
      instances: namedInstances(shop).map(([name]) => name),
      renders,
      memory: { idle: idleMemory, afterFanOut },
      nextStartMs,
    };
    writeFileSync(out, JSON.stringify(result));
  } finally {
    await shop.stop();
    await getDb().$disconnect();
  }
}

runMain(main);
