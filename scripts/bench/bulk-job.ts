/**
 * What a bulk price change of the largest category costs, as the dashboard runs it:
 *   npm run bench:bulk-job [-- --percent -5] [--category <slug>] [--wait]
 *     [--shoppers-at <url>,<url> [--rate 40] [--idle-seconds 30]]
 * Previews the change (all rows read, one page returned), creates its job, and runs the job to
 * the end in this process (batch after batch through the change road) on the largest category (or
 * the one `--category` names), against DATABASE_URL (the
 * demo's database without it). Prints the preview, creation and run times, the batches and the
 * slowest batch, and how many pages the job queued. Seed a large catalog first with
 * `npm run db:seed -- --products 100000`. It changes prices: run it on a scratch database.
 * `--wait`: then waits until a running shop's worker (`npm run demo:scaled` on the same database)
 * has settled every outbox row, and prints how long that took from the job's end and the rows
 * settled a second (start it with an empty outbox: every pending row counts). Gives up after an
 * hour, as a row that keeps failing would never let it end.
 * `--shoppers-at <url>,<url> [--rate 40] [--idle-seconds 30]` (with --wait): open-loop shoppers
 * (the pages bench:roles asks for) at `--rate` requests a second at each URL, e.g. the edge and a web
 * instance, for `--idle-seconds` before the change and then until every row is settled; prints
 * their p50 / p95 / p99 in each phase and whether the change's p99 stayed under twice the idle one.
 */
import { hostname, loadavg } from 'node:os';
import { runBulkPriceJob, BULK_JOB_LEASE_MS } from '../../lib/admin/bulk-price-jobs';
import { createBulkPriceJob, previewBulkPriceChange } from '../../lib/catalog/bulk-price-change';
import { getBulkPriceJob } from '../../lib/catalog/bulk-price-jobs';
import { getDb } from '../../lib/db';
import { queueState } from '../../lib/revalidation/queue-state';
import { runMain } from '../lib/run-main';
import { startOpenLoopLoad, type OpenLoopLoad, type OpenLoopStats } from './lib/open-loop-load';
import { shopperPaths, warm } from './lib/shopper-pages';
import { summarize } from './lib/stats';

const OWNER = `bench-bulk-job:${process.pid}`;

function categoryArg(argv: readonly string[]): string | null {
  const at = argv.indexOf('--category');
  return at >= 0 ? (argv[at + 1] ?? null) : null;
}

async function pendingRows(): Promise<number> {
  return (await queueState(getDb())).pending;
}

const GIVE_UP_MS = 60 * 60_000;

/** Polls until the outbox has no pending row; returns the seconds it took. */
async function waitForWorker(): Promise<number> {
  const started = performance.now();
  while ((await pendingRows()) > 0) {
    if (performance.now() - started > GIVE_UP_MS)
      throw new Error('rows still pending after an hour: is a worker running?');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return (performance.now() - started) / 1000;
}

function percentArg(argv: readonly string[]): number {
  const at = argv.indexOf('--percent');
  const value = at >= 0 ? Number(argv[at + 1]) : -5;
  if (!Number.isFinite(value) || value === 0) throw new Error('--percent takes a number other than 0, like -5');
  return value;
}

function numberArg(argv: readonly string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  const value = at >= 0 ? Number(argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} takes a positive number`);
  return value;
}

/** The shoppers' targets of --shoppers-at, or none. */
function shopperTargets(argv: readonly string[]): string[] {
  const at = argv.indexOf('--shoppers-at');
  if (at < 0) return [];
  const value = argv[at + 1] ?? '';
  const urls = value.startsWith('--') ? [] : value.split(',').filter(Boolean);
  if (urls.length === 0) throw new Error('--shoppers-at takes the URLs to load, comma-separated');
  if (!argv.includes('--wait'))
    throw new Error('--shoppers-at needs --wait: the shoppers are measured until every row settles');
  return urls.map((url) => new URL(url).origin);
}

/** Warms the pages at every target, starts the open loop and lets it run idle for `idleSeconds`. */
async function startShoppers(targets: string[], categorySlug: string, rate: number, idleSeconds: number) {
  const paths = await shopperPaths(categorySlug);
  console.log(
    `shoppers: warming ${paths.length} pages at ${targets.join(' and ')}, then ${idleSeconds} s idle at ${rate} req/s each`,
  );
  await warm(targets, paths);
  const load = startOpenLoopLoad({ targets: targets.map((url) => ({ name: url, baseUrl: url })), paths, rate });
  load.phase('idle');
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  return load;
}

function printShoppers(stats: readonly OpenLoopStats[]): void {
  const at = (target: string, phase: string) => stats.find((s) => s.target === target && s.phase === phase);
  for (const target of new Set(stats.map((s) => s.target))) {
    const [idle, change] = [at(target, 'idle'), at(target, 'change')];
    if (!idle || !change) continue;
    const line = (name: string, s: OpenLoopStats) => {
      const m = summarize(s.latencies);
      return `${name} ${m.p50.toFixed(1)} / ${m.p95.toFixed(1)} / ${m.p99.toFixed(1)} ms (${m.n} requests, ${s.errors} errors, ${s.timeouts} timeouts)`;
    };
    const [idleP99, changeP99] = [summarize(idle.latencies).p99, summarize(change.latencies).p99];
    console.log(
      `shoppers at ${target}, p50 / p95 / p99: ${line('idle', idle)}; ${line('during the change', change)}; ` +
        `p99 under twice the idle one: ${changeP99 < 2 * idleP99 ? 'yes' : 'no'}`,
    );
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

runMain(async () => {
  const db = getDb();
  let shoppers: OpenLoopLoad | undefined;
  try {
    const named = categoryArg(process.argv);
    const [largest] = await db.$queryRaw<{ id: number; slug: string; size: number }[]>`
      SELECT c.id, c.slug, count(*)::int AS size FROM "ProductCategory" pc JOIN "Category" c ON c.id = pc."categoryId"
      WHERE ${named}::text IS NULL OR c.slug = ${named}
      GROUP BY c.id ORDER BY size DESC LIMIT 1`;
    if (!largest)
      throw new Error(named ? `no category ${named} with products` : 'no category has products: seed first');
    const products = await db.product.count();
    const target = { categoryId: largest.id };
    const adjustment = { kind: 'percent' as const, percent: percentArg(process.argv) };
    console.log(`catalog: ${products} products; category ${largest.slug}: ${largest.size} products`);
    console.log(
      `machine: ${hostname()}, load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );

    const shoppersAt = shopperTargets(process.argv);
    if (shoppersAt.length > 0) {
      const rate = numberArg(process.argv, '--rate', 40);
      const idleSeconds = numberArg(process.argv, '--idle-seconds', 30);
      shoppers = await startShoppers(shoppersAt, largest.slug, rate, idleSeconds);
      shoppers.phase('change');
    }
    const [preview, previewMs] = await timed(() => previewBulkPriceChange(target, adjustment));
    const { previewToken, totals } = preview;
    const author = { source: 'ADMIN' as const, actor: 'bench@bulk-job' };
    const [job, createMs] = await timed(() =>
      createBulkPriceJob({ target, adjustment, previewToken, author, leaseOwner: OWNER, leaseMs: BULK_JOB_LEASE_MS }),
    );
    const queuedBefore = (await queueState(db)).pending;
    const [, runMs] = await timed(() => runBulkPriceJob(job.id, OWNER));
    const done = await getBulkPriceJob(job.id);
    const queuedAfter = (await queueState(db)).pending;

    console.log(`preview: ${totals.variants} variants, ${totals.changed} change, ${previewMs.toFixed(0)} ms`);
    console.log(`create job #${job.id}: ${job.totalVariants} items, ${createMs.toFixed(0)} ms`);
    console.log(
      `run: ${done.status}, ${done.batchesDone} batches of ${done.batchSize}, ${done.variantsChanged} prices changed, ` +
        `${done.variantsSkipped} skipped, ${(runMs / 1000).toFixed(1)} s (${(runMs / Math.max(1, done.batchesDone)).toFixed(0)} ms a batch)`,
    );
    console.log(`pages pending in the outbox: ${queuedBefore} before, ${queuedAfter} after`);
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    if (done.status !== 'DONE') throw new Error(`the job ended ${done.status}: ${done.error ?? ''}`);
    if (process.argv.includes('--wait')) {
      const seconds = await waitForWorker();
      console.log(
        `every outbox row settled ${seconds.toFixed(0)} s after the job: ${(queuedAfter / seconds).toFixed(0)} rows a second; ` +
          `load average ${loadavg()
            .map((l) => l.toFixed(2))
            .join(' ')}`,
      );
    }
    if (shoppers) {
      // Taken first: a load whose child died must not be stopped a second time below.
      const load = shoppers;
      shoppers = undefined;
      printShoppers(await load.stop());
    }
  } finally {
    await shoppers?.stop().catch(() => undefined);
    await db.$disconnect();
  }
});
