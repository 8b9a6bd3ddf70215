/**
 * The measurements `npm run bench:scale` takes on one running shop at one catalog size (it starts
 * this once per size, with that shop's DATABASE_URL and SHOP_URL): the first render of a deep
 * listing page, then the last product of the largest category moved to its front (the dashboard's
 * "Move to the front") and a bulk change of that category, each followed to consistency. Prints one
 * line `SCALE_STEPS <json>` for the orchestrator (scripts/bench/scale.ts).
 */
import { parseArgs } from 'node:util';
import { getDb } from '../../lib/db';
import { getEnv } from '../../lib/env';
import { categoryPath } from '../../lib/storefront/paths';
import { readCatalogSnapshot } from '../verification/catalog-snapshot';
import { formatMismatch } from '../verification/format-report';
import { verifyShop } from '../verification/verify-shop';
import { runMain } from '../lib/run-main';
import { shopUrl } from '../lib/shop-url';
import { logInAdmin, type AdminClient } from './lib/admin-client';
import { applyBulkChange, sleep } from './lib/bulk-job-client';

const GIVE_UP_MS = 20 * 60_000;

export interface ScaleSteps {
  largestCategory: { slug: string; products: number };
  deepPage: { path: string; firstMs: number; cachedMs: number };
  moveToFront: ChangeToConsistency & { saveMs: number };
  bulk?: ChangeToConsistency & { variants: number; jobMs: number };
}

export interface ChangeToConsistency {
  /** Outbox rows the change queued (pages and documents), and how many of them are listing pages. */
  pagesQueued: number;
  listingPagesQueued: number;
  /** Change sent → every queued row DONE and the scoped check passes. */
  consistentMs: number;
  /** The last (passing) check's own time, and how many pages it read. */
  checkMs: number;
  pagesChecked: number;
}

async function largestCategory() {
  const [largest] = await getDb().$queryRaw<{ id: number; slug: string; products: number }[]>`
    SELECT c.id, c.slug, count(*)::int AS products
    FROM "ProductCategory" pc JOIN "Category" c ON c.id = pc."categoryId"
      JOIN "Product" p ON p.id = pc."productId" AND p.status = 'ACTIVE'
    GROUP BY c.id ORDER BY products DESC, c.id LIMIT 1`;
  if (!largest) throw new Error('no category has active products: seed first');
  return largest;
}

async function timedGet(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return performance.now() - started;
}

/** The database's clock, so "queued since" compares like with like. */
async function databaseNow(): Promise<Date> {
  const [row] = await getDb().$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  if (!row) throw new Error('no answer from the database');
  return row.now;
}

/**
 * Waits until every outbox row asked for since `since` is DONE, then repeats the scoped check of
 * `categorySlug` until it passes. Returns from `sent` (performance.now()) to that pass.
 */
async function waitUntilConsistent(
  baseUrl: string,
  categorySlug: string,
  since: Date,
  sent: number,
): Promise<ChangeToConsistency> {
  const db = getDb();
  for (;;) {
    // Requests still in the log count as open: the worker has not even folded them yet.
    const open =
      (await db.pagePurge.count({ where: { changedAt: { gte: since }, status: { not: 'DONE' } } })) +
      (await db.purgeRequest.count());
    if (open === 0) break;
    if (performance.now() - sent > GIVE_UP_MS) throw new Error(`${open} queued pages still not done`);
    await sleep(250);
  }
  const pagesQueued = await db.pagePurge.count({ where: { changedAt: { gte: since } } });
  const listingPagesQueued = await db.pagePurge.count({
    where: { changedAt: { gte: since }, path: { startsWith: '/categories/' } },
  });
  for (;;) {
    const snapshot = await readCatalogSnapshot({ categorySlugs: [categorySlug] });
    const report = await verifyShop({ baseUrl, snapshot, concurrency: 4 });
    if (report.mismatches.length === 0) {
      return {
        pagesQueued,
        listingPagesQueued,
        consistentMs: performance.now() - sent,
        checkMs: report.durationMs,
        pagesChecked: report.pagesChecked,
      };
    }
    if (performance.now() - sent > GIVE_UP_MS) {
      report.mismatches.slice(0, 10).forEach((m) => console.error(formatMismatch(m)));
      throw new Error(`${report.mismatches.length} mismatches after every queued page was done`);
    }
  }
}

/** The listing's last active product, moved to its front through the dashboard's route. */
async function moveLastToFront(admin: AdminClient, baseUrl: string, category: { id: number; slug: string }) {
  const [last] = await getDb().$queryRaw<{ productId: number }[]>`
    SELECT pc."productId" FROM "ProductCategory" pc JOIN "Product" p ON p.id = pc."productId" AND p.status = 'ACTIVE'
    WHERE pc."categoryId" = ${category.id} ORDER BY pc.position DESC, pc."productId" DESC LIMIT 1`;
  if (!last) throw new Error(`category ${category.slug} lists no product`);
  const since = await databaseNow();
  const sent = performance.now();
  const moved = await admin.send('POST', `/api/admin/products/${last.productId}/move-to-front`, {
    categoryId: category.id,
  });
  if (moved.status !== 200)
    throw new Error(`move to the front answered ${moved.status}: ${JSON.stringify(moved.body)}`);
  return { ...(await waitUntilConsistent(baseUrl, category.slug, since, sent)), saveMs: moved.ms };
}

async function bulkChange(admin: AdminClient, baseUrl: string, category: { id: number; slug: string }) {
  const since = await databaseNow();
  const sent = performance.now();
  const change = await applyBulkChange(admin, category.id, -5);
  const consistency = await waitUntilConsistent(baseUrl, category.slug, since, sent);
  return { ...consistency, variants: change.updated, jobMs: change.jobMs };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'skip-bulk': { type: 'boolean', default: false } } });
  const baseUrl = shopUrl();
  try {
    const category = await largestCategory();
    // The last full page of the largest listing: deep, and not among the pages `next build` renders.
    const deepPage = Math.max(1, Math.floor(category.products / getEnv().CATEGORY_PAGE_SIZE));
    const path = categoryPath(category.slug, deepPage);
    const firstMs = await timedGet(`${baseUrl}${path}`);
    const cachedMs = await timedGet(`${baseUrl}${path}`);
    const admin = await logInAdmin(baseUrl);
    const steps: ScaleSteps = {
      largestCategory: { slug: category.slug, products: category.products },
      deepPage: { path, firstMs, cachedMs },
      moveToFront: await moveLastToFront(admin, baseUrl, category),
    };
    if (!values['skip-bulk']) steps.bulk = await bulkChange(admin, baseUrl, category);
    console.log(`SCALE_STEPS ${JSON.stringify(steps)}`);
  } finally {
    await getDb().$disconnect();
  }
}

runMain(main);
