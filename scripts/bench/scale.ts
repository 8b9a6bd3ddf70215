/**
 * How the shop scales with its catalog:
 *   npm run bench:scale [-- --scales 1000,10000,100000] [--edits 30] [--skip-bulk]
 * For each size, on a database made for it (DATABASE_URL's server, else the embedded one; dropped
 * afterwards) and a build of its own (.next-bench-scale): seed the sample catalog topped up to that
 * many products, `next build` (time and peak RSS of its process tree), `next start` (one process,
 * PURGE_ROLE=all, no edge; or with `--roles split`, the composed shop of scripts/lib/scaled-shop.ts:
 * two web instances and a worker on one Redis, measured at the first web instance), then: first render of a deep listing page of the largest category,
 * purge latency of single saves (scripts/bench/purge-latency.ts), then the largest category's last
 * product moved to its front and a bulk change of that category, each from the request to consistency (every page it queued regenerated and the category's
 * scoped price check passing; scripts/bench/scale-steps.ts). Prints one table.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, hostname, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { clearBuild } from '../lib/clear-build';
import { findFreePort } from '../lib/free-port';
import { buildIslands } from '../lib/islands';
import { startNextServer } from '../lib/next-server';
import { bin, loadProjectEnv, repoRoot } from '../lib/repo';
import { runMain } from '../lib/run-main';
import { withScratchDatabase } from '../lib/scratch-database';
import { startScaledShop } from '../lib/scaled-shop';
import { samplePeakResident } from './lib/process-tree';
import type { ScaleSteps } from './scale-steps';

const DIST_DIR = '.next-bench-scale';

interface Row {
  products: number;
  seedMs: number;
  buildMs: number;
  buildPeakBytes: number;
  steps: ScaleSteps;
  purgeP50: string;
  purgeP95: string;
}

/** Runs a command to its end; resolves with its output and time, rejects on a non-zero exit. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { peakRss?: boolean; echo?: boolean } = {},
): Promise<{ output: string; ms: number; peakBytes: number }> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const sampler = options.peakRss && child.pid ? samplePeakResident(child.pid) : null;
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (options.echo) process.stderr.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const peakBytes = sampler?.stop() ?? 0;
      if (code === 0) resolve({ output, ms: performance.now() - started, peakBytes });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${output.slice(-3000)}`));
    });
  });
}

function shopEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    NEXT_DIST_DIR: DIST_DIR,
    PURGE_ROLE: 'all',
    REVALIDATE_SECRET: randomBytes(24).toString('hex'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    SESSION_COOKIE_SECURE: 'false',
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    NEXT_TELEMETRY_DISABLED: '1',
  };
  // One process on its own disk cache and no edge: the catalog's size is what varies (`--roles
  // split`: the composed shop sets its own Redis and edges).
  for (const name of ['REDIS_URL', 'EDGE_VARNISH_URL', 'EDGE_NGINX_URL']) delete env[name];
  return env;
}

type Roles = 'all' | 'split';

/** The shop under test: one `next start`, or the composed shop with its roles split; `origin` is where the bench saves and reads. */
async function startShop(env: NodeJS.ProcessEnv, roles: Roles): Promise<{ origin: string; stop: () => Promise<void> }> {
  if (roles === 'all') {
    const server = await startNextServer({ port: await findFreePort(), env, timeoutMs: 120_000 });
    return { origin: server.origin, stop: server.stop };
  }
  const shop = await startScaledShop({
    root: repoRoot,
    env,
    roles: 'split',
    redisUrl: process.env.REDIS_URL,
    redisKeyPrefix: `bench-scale-${randomBytes(4).toString('hex')}`,
  });
  const [web] = shop.instances;
  if (!web) throw new Error('the scaled shop started no web instance');
  return { origin: web.origin, stop: shop.stop };
}

async function measureScale(
  products: number,
  options: { edits: number; skipBulk: boolean; roles: Roles },
): Promise<Row> {
  return withScratchDatabase('bench_scale', async ({ url }) => {
    const env = shopEnv(url);
    const tsx = bin('tsx');
    console.error(`bench:scale ${products}: seeding`);
    const seed = await run(tsx, ['scripts/db/seed.ts', '--products', String(products)], env);
    await run(tsx, ['scripts/admin/create-admin.ts', '--email', env.ADMIN_EMAIL as string], env);
    clearBuild(path.join(repoRoot, DIST_DIR));
    console.error(`bench:scale ${products}: next build`);
    const build = await run(bin('next'), ['build'], env, { peakRss: true });
    console.error(`bench:scale ${products}: next start (roles ${options.roles})`);
    const server = await startShop(env, options.roles);
    try {
      const toolEnv = { ...env, SHOP_URL: server.origin };
      console.error(`bench:scale ${products}: purge latency (${options.edits} saves)`);
      const latency = await run(
        tsx,
        ['scripts/bench/purge-latency.ts', '--edits', String(options.edits), '--warmup', '3'],
        toolEnv,
      );
      const fresh = /page shows new price\s+p50 ([\d.]+ ms)\s+p95 ([\d.]+ ms)/.exec(latency.output);
      if (!fresh) throw new Error(`no purge latency in:\n${latency.output}`);
      console.error(`bench:scale ${products}: deep page and bulk change`);
      const stepsRun = await run(
        tsx,
        ['scripts/bench/scale-steps.ts', ...(options.skipBulk ? ['--skip-bulk'] : [])],
        toolEnv,
      );
      const line = stepsRun.output.split('\n').find((l) => l.startsWith('SCALE_STEPS '));
      if (!line) throw new Error(`no SCALE_STEPS line in:\n${stepsRun.output}`);
      return {
        products,
        seedMs: seed.ms,
        buildMs: build.ms,
        buildPeakBytes: build.peakBytes,
        steps: JSON.parse(line.slice('SCALE_STEPS '.length)) as ScaleSteps,
        purgeP50: fresh[1] as string,
        purgeP95: fresh[2] as string,
      };
    } finally {
      await server.stop();
      clearBuild(path.join(repoRoot, DIST_DIR));
    }
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const gigabytes = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

function printTable(rows: Row[], started: string, roles: Roles): void {
  const header = ['measure', ...rows.map((r) => `${r.products.toLocaleString('en')} products`)];
  const line = (name: string, value: (row: Row) => string) => [name, ...rows.map(value)];
  const table = [
    line('seed (`db:seed -- --products N`)', (r) => seconds(r.seedMs)),
    line('`next build`', (r) => seconds(r.buildMs)),
    line('`next build` peak RSS (process tree)', (r) => gigabytes(r.buildPeakBytes)),
    line('largest listing', (r) => `${r.steps.largestCategory.slug}: ${r.steps.largestCategory.products}`),
    line(
      'deep listing page, first render',
      (r) => `${r.steps.deepPage.firstMs.toFixed(0)} ms (${r.steps.deepPage.path})`,
    ),
    line('deep listing page, cached', (r) => `${r.steps.deepPage.cachedMs.toFixed(1)} ms`),
    line('single save → fresh page, p50 / p95', (r) => `${r.purgeP50} / ${r.purgeP95}`),
    line('move the last product to the front: answer', (r) => `${r.steps.moveToFront.saveMs.toFixed(0)} ms`),
    line(
      '… outbox rows queued (listing pages)',
      (r) => `${r.steps.moveToFront.pagesQueued} (${r.steps.moveToFront.listingPagesQueued})`,
    ),
    line('… request → consistent', (r) => seconds(r.steps.moveToFront.consistentMs)),
    line(
      '… consistency check itself (pages)',
      (r) => `${seconds(r.steps.moveToFront.checkMs)} (${r.steps.moveToFront.pagesChecked})`,
    ),
    line('bulk −5 % of the largest listing: variants', (r) => String(r.steps.bulk?.variants ?? '-')),
    line('… job done', (r) => (r.steps.bulk ? seconds(r.steps.bulk.jobMs) : '-')),
    line('… outbox rows queued (listing pages)', (r) =>
      r.steps.bulk ? `${r.steps.bulk.pagesQueued} (${r.steps.bulk.listingPagesQueued})` : '-',
    ),
    line('… apply → consistent', (r) => (r.steps.bulk ? seconds(r.steps.bulk.consistentMs) : '-')),
    line('… consistency check itself (pages)', (r) =>
      r.steps.bulk ? `${seconds(r.steps.bulk.checkMs)} (${r.steps.bulk.pagesChecked})` : '-',
    ),
  ];
  console.log(`\nbench:scale on ${hostname()} (${cpus().length} cores), roles ${roles}, started ${started}`);
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => ' --- ').join('|')}|`);
  for (const cells of table) console.log(`| ${cells.join(' | ')} |`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scales: { type: 'string', default: '1000,10000,100000' },
      edits: { type: 'string', default: '30' },
      'skip-bulk': { type: 'boolean', default: false },
      roles: { type: 'string', default: 'all' },
    },
  });
  const scales = (values.scales ?? '').split(',').map(Number);
  const edits = Number(values.edits);
  if (scales.some((n) => !Number.isInteger(n) || n < 1) || !(Number.isInteger(edits) && edits > 0)) {
    throw new Error('--scales takes product counts like 1000,10000 and --edits a positive integer');
  }
  const roles = values.roles;
  if (roles !== 'all' && roles !== 'split') throw new Error('--roles is all (one process) or split (web + worker)');
  loadProjectEnv();
  await buildIslands(repoRoot);
  const started = `${new Date().toISOString()}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
  const rows: Row[] = [];
  for (const products of scales) {
    rows.push(await measureScale(products, { edits, skipBulk: values['skip-bulk'] ?? false, roles }));
    // The table so far after each size: a long run stopped at 100k keeps what 1k and 10k measured.
    printTable(rows, started, roles);
  }
}

runMain(main);
