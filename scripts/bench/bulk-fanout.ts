/**
 * Fan-out: a bulk price change of a 1,000-product category → time until every page of it is
 * consistent again, and what it does to shoppers meanwhile.
 *   npm run bench:bulk-fanout -- [--products 1000] [--percent -5] [--rate 40] [--idle-seconds 15]
 * Against a running shop (SHOP_URL, default http://localhost:$PORT or 3000) and its database
 * (the npm script runs it through with-db.ts). Steps: make sure the `bench-fanout` category has
 * the products (created once, reused); warm their pages (they are not pre-rendered) with a scoped
 * consistency check; start a shopper load on those product pages and measure it idle; apply the
 * change through /api/admin/bulk-price/preview and /apply (a job, followed to its end); repeat the scoped consistency check
 * until it passes. Prices are not put back: each run lowers the bench products' prices again.
 */
import { parseArgs } from 'node:util';
import { getDb } from '../../lib/db';
import { productPath } from '../../lib/storefront/paths';
import { readCatalogSnapshot } from '../verification/catalog-snapshot';
import { formatMismatch } from '../verification/format-report';
import type { VerificationReport } from '../verification/types';
import { verifyShop } from '../verification/verify-shop';
import { runMain } from '../lib/run-main';
import { shopUrl } from '../lib/shop-url';
import { logInAdmin } from './lib/admin-client';
import { applyBulkChange, sleep } from './lib/bulk-job-client';
import { BENCH_CATEGORY_SLUG, ensureBenchCatalog } from './lib/bench-catalog';
import { startShopperLoad, type PhaseStats } from './lib/shopper-load';
import { ms, summarize } from './lib/stats';

const TARGET_CONSISTENT_MS = 30_000;
const GIVE_UP_MS = 180_000;

interface Options {
  products: number;
  percent: number;
  rate: number;
  idleSeconds: number;
  checkConcurrency: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      products: { type: 'string', default: '1000' },
      percent: { type: 'string', default: '-5' },
      rate: { type: 'string', default: '40' },
      'idle-seconds': { type: 'string', default: '15' },
      'check-concurrency': { type: 'string', default: '4' },
    },
  });
  const options = {
    products: Number(values.products),
    percent: Number(values.percent),
    rate: Number(values.rate),
    idleSeconds: Number(values['idle-seconds']),
    checkConcurrency: Number(values['check-concurrency']),
  };
  if (Object.values(options).some((value) => !Number.isFinite(value) || value === 0)) {
    throw new Error('--products, --percent, --rate, --idle-seconds and --check-concurrency must be non-zero numbers');
  }
  return options;
}

/** One scoped consistency check of the bench category: its listing pages and product pages. */
async function checkBenchPages(baseUrl: string, concurrency: number): Promise<VerificationReport> {
  const snapshot = await readCatalogSnapshot({ categorySlugs: [BENCH_CATEGORY_SLUG] });
  return verifyShop({ baseUrl, snapshot, concurrency });
}

/** Repeats the scoped check until it passes; returns when it did and how many passes it took. */
async function waitUntilConsistent(baseUrl: string, since: number, concurrency: number) {
  for (let passes = 1; ; passes += 1) {
    const report = await checkBenchPages(baseUrl, concurrency);
    if (report.mismatches.length === 0) return { consistentMs: performance.now() - since, passes };
    if (performance.now() - since > GIVE_UP_MS) {
      report.mismatches.slice(0, 20).forEach((m) => console.error(formatMismatch(m)));
      throw new Error(`still ${report.mismatches.length} mismatches ${GIVE_UP_MS / 1000} s after the apply`);
    }
  }
}

async function prepare(baseUrl: string, options: Options) {
  const { categoryId, created } = await ensureBenchCatalog(options.products);
  console.log(`bench category ${BENCH_CATEGORY_SLUG}: ${created} products created now`);
  const warm = await checkBenchPages(baseUrl, options.checkConcurrency); // renders the pages never requested
  const cached = await checkBenchPages(baseUrl, options.checkConcurrency);
  if (cached.mismatches.length > 0) {
    cached.mismatches.slice(0, 20).forEach((m) => console.error(formatMismatch(m)));
    throw new Error('the bench pages disagree with the database before the change; purge them first');
  }
  console.log(
    `warm-up check ${ms(warm.durationMs)}; check on cached pages ${ms(cached.durationMs)} (${cached.pagesChecked} pages)`,
  );
  return { categoryId, pages: cached.pagesChecked };
}

async function main(): Promise<void> {
  const options = readOptions();
  const baseUrl = shopUrl();
  try {
    const { categoryId, pages } = await prepare(baseUrl, options);
    const admin = await logInAdmin(baseUrl);
    const slugs = (await readCatalogSnapshot({ categorySlugs: [BENCH_CATEGORY_SLUG] })).products.map((p) => p.slug);
    const load = startShopperLoad({ baseUrl, paths: slugs.map(productPath), rate: options.rate });
    await sleep(2_000); // let the worker start before the idle window
    load.phase('idle');
    await sleep(options.idleSeconds * 1000);
    load.phase('apply');
    const change = await applyBulkChange(admin, categoryId, options.percent);
    load.phase('check');
    const converged = await waitUntilConsistent(baseUrl, change.applySent, options.checkConcurrency);
    load.phase('after');
    const shoppers = await load.stop();
    printResults(baseUrl, options, { pages, products: slugs.length, ...change, ...converged }, shoppers);
  } finally {
    await getDb().$disconnect();
  }
}

type Outcome = Awaited<ReturnType<typeof applyBulkChange>> &
  Awaited<ReturnType<typeof waitUntilConsistent>> & { pages: number; products: number };

function printResults(baseUrl: string, options: Options, outcome: Outcome, shoppers: Record<string, PhaseStats>) {
  const idle = summarize(shoppers.idle?.latencies ?? []);
  const during = summarize([...(shoppers.apply?.latencies ?? []), ...(shoppers.check?.latencies ?? [])]);
  const applyOnly = summarize(shoppers.apply?.latencies ?? []);
  const rows: [string, string, string][] = [
    ['products in the bench category', String(outcome.products), ''],
    ['pages checked per pass (listing + product)', String(outcome.pages), ''],
    ['preview (POST /api/admin/bulk-price/preview)', ms(outcome.previewMs), ''],
    ['apply answered (the job created, 202)', ms(outcome.applyMs), ''],
    ['apply sent -> first batch committed (polled every 20 ms)', ms(outcome.firstBatchMs), ''],
    [`apply sent -> job done (${outcome.updated} variants, ${outcome.batches} batches)`, ms(outcome.jobMs), ''],
    [
      `apply sent -> consistency check passes (${outcome.passes} pass(es))`,
      ms(outcome.consistentMs),
      verdict(outcome.consistentMs < TARGET_CONSISTENT_MS, '< 30 s'),
    ],
    [`shopper p50 / p99 idle (${idle.n} req)`, `${ms(idle.p50)} / ${ms(idle.p99)}`, ''],
    [`shopper p50 / p99 during apply (${applyOnly.n} req)`, `${ms(applyOnly.p50)} / ${ms(applyOnly.p99)}`, ''],
    [
      `shopper p50 / p99 apply -> check passes (${during.n} req)`,
      `${ms(during.p50)} / ${ms(during.p99)}`,
      verdict(during.p99 < 2 * idle.p99, `< 2x idle (${ms(2 * idle.p99)})`),
    ],
    ['shopper errors / not sent (overload)', errorsOf(shoppers), ''],
  ];
  console.log(
    `\nbulk fan-out, ${baseUrl}: ${options.percent} % on ${BENCH_CATEGORY_SLUG}, shoppers at ${options.rate} req/s`,
  );
  console.log('| measure | value | target |\n| --- | --- | --- |');
  for (const [name, value, target] of rows) console.log(`| ${name} | ${value} | ${target} |`);
}

function verdict(met: boolean, target: string): string {
  return `${target}: ${met ? 'met' : 'NOT met'}`;
}

function errorsOf(shoppers: Record<string, PhaseStats>): string {
  const all = Object.values(shoppers);
  return `${all.reduce((n, s) => n + s.errors, 0)} / ${all.reduce((n, s) => n + s.skipped, 0)}`;
}

runMain(main);
