/**
 * What regenerating product pages costs, with nothing else around it (no outbox, no edge):
 *   npm run bench:regenerate -- [--pages 1500] [--concurrency 8] [--pid <server pid>]
 * Against a running `next start` (SHOP_URL) and its database: the first `--pages` active
 * products after the 20,000th (or from the first, in a smaller catalog) are each regenerated as
 * `res.revalidate` and the worker do it (a GET with Next's revalidate header and the build's
 * preview id, read from NEXT_DIST_DIR, default .next), `--concurrency` at a time (the worker's
 * REVALIDATE_CONCURRENCY, 8). Prints pages per second and, with `--pid`, the CPU time that
 * process spent per page. It is the floor under any purge of that many pages: a bulk change
 * that queues N product pages needs at least N / (this rate) seconds to regenerate them.
 */
import { readFileSync } from 'node:fs';
import { cpus, hostname, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { getDb } from '../../lib/db';
import { productPath } from '../../lib/storefront/paths';
import { repoRoot } from '../lib/repo';
import { runMain } from '../lib/run-main';
import { shopUrl } from '../lib/shop-url';

/** Next's PRERENDER_REVALIDATE_HEADER (lib/worker/next-revalidate.ts sends the same). */
const REVALIDATE_HEADER = 'x-prerender-revalidate';
const SKIP = 20_000;

function previewModeId(): string {
  const distDir = path.resolve(repoRoot, process.env.NEXT_DIST_DIR ?? '.next');
  const manifest = JSON.parse(readFileSync(path.join(distDir, 'prerender-manifest.json'), 'utf8')) as {
    preview?: { previewModeId?: string };
  };
  const id = manifest.preview?.previewModeId;
  if (!id) throw new Error(`${distDir}/prerender-manifest.json names no preview id: build the shop first`);
  return id;
}

/** User + system CPU seconds of a process so far (Linux /proc), or null without a pid. */
function cpuSeconds(pid: number | null): number | null {
  if (pid === null) return null;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the whole line (11 and 12 after the command), in ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

runMain(async () => {
  const { values } = parseArgs({
    options: {
      pages: { type: 'string', default: '1500' },
      concurrency: { type: 'string', default: '8' },
      pid: { type: 'string' },
    },
  });
  const pages = Number(values.pages);
  const concurrency = Number(values.concurrency);
  const pid = values.pid === undefined ? null : Number(values.pid);
  if (!Number.isInteger(pages) || pages < 1 || !Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error('--pages and --concurrency take positive integers');
  }
  const origin = shopUrl();
  const id = previewModeId();
  const db = getDb();
  const active = await db.product.count({ where: { status: 'ACTIVE' } });
  const slugs = (
    await db.product.findMany({
      where: { status: 'ACTIVE' },
      orderBy: { id: 'asc' },
      skip: active > SKIP + pages ? SKIP : 0,
      take: pages,
      select: { slug: true },
    })
  ).map((row) => row.slug);
  await db.$disconnect();

  const regenerate = async (slug: string) => {
    const response = await fetch(`${origin}${productPath(slug)}`, { headers: { [REVALIDATE_HEADER]: id } });
    await response.arrayBuffer();
    return response.headers.get('x-nextjs-cache') === 'REVALIDATED';
  };
  console.log(
    `machine: ${hostname()} (${cpus().length} cores), load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  // A first round unmeasured: every page's code is loaded and every connection open.
  await Promise.all(slugs.slice(0, 50).map(regenerate));
  const limit = pLimit(concurrency);
  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  const outcomes = await Promise.all(slugs.map((slug) => limit(() => regenerate(slug))));
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds(pid);
  const failed = outcomes.filter((ok) => !ok).length;
  console.log(
    `${slugs.length} product pages regenerated (${concurrency} at a time) in ${seconds.toFixed(1)} s: ` +
      `${(slugs.length / seconds).toFixed(0)} pages/s` +
      (cpuBefore !== null && cpuAfter !== null
        ? `, the server's CPU ${(((cpuAfter - cpuBefore) * 1000) / slugs.length).toFixed(1)} ms a page`
        : ''),
  );
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (failed > 0) throw new Error(`${failed} of ${slugs.length} were not regenerated (no x-nextjs-cache: REVALIDATED)`);
});
