/**
 * Shoppers under write load, with the web/worker role split on and off (issue 15, parts 3 and 4):
 *   npm run bench:roles -- [--roles split,all] [--rate 40] [--idle-seconds 15] [--saves 200]
 *     [--webhooks 40] [--products 10000] [--percent -5] [--workers 1] [--workers-below] [--no-consistency]
 *
 * Needs PostgreSQL (DATABASE_URL's server, else the embedded one), redis-server, varnishd and
 * nginx. For each role mode it drops and recreates the database `storefront_bench_roles` on that
 * server (migrated; the sample catalog topped up to --products, spread round robin over the ten
 * categories, so 10,000 puts 1,000 products in each; the admin), builds the shop once into
 * .next-bench-roles (again only when the sources change: the database is the same each time), and
 * runs scripts/bench/lib/roles-mode.ts: the scaled shop of `npm run demo:scaled` (Varnish and the
 * nginx edge over two instances, --workers workers when split), open-loop shoppers at --rate req/s at
 * Varnish and at app1 directly, idle, then (a) a --percent bulk job on the largest category, then
 * (b) --saves concurrent dashboard saves with --webhooks products' signed Stripe price changes. It
 * prints one table per mode, with the machine and its load average. The database is dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { applyMigrations } from '../db/migrations/apply';
import { buildIsCurrent, recordBuild } from '../lib/build-stamp';
import { connectDatabaseServer, createDatabase, dropDatabase } from '../lib/database-server';
import { buildIslands } from '../lib/islands';
import { bin, loadProjectEnv, repoRoot } from '../lib/repo';
import { runMain } from '../lib/run-main';
import { runOrThrow } from '../lib/run-command';
import { missingForScaledShop } from '../lib/scaled-shop';
import type { ModeOptions, ModeResult, RoleMode } from './lib/roles-mode';
import { formatRolesReport } from './lib/roles-report';

const DATABASE = 'storefront_bench_roles';
const DIST_DIR = '.next-bench-roles';

function readOptions(): { roles: RoleMode[]; mode: Omit<ModeOptions, 'mode'>; products: number } {
  const { values } = parseArgs({
    options: {
      roles: { type: 'string', default: 'split,all' },
      rate: { type: 'string', default: '40' },
      'idle-seconds': { type: 'string', default: '15' },
      saves: { type: 'string', default: '200' },
      webhooks: { type: 'string', default: '40' },
      products: { type: 'string', default: '10000' },
      percent: { type: 'string', default: '-5' },
      workers: { type: 'string', default: '1' },
      'workers-below': { type: 'boolean', default: false },
      'no-consistency': { type: 'boolean', default: false },
    },
  });
  const roles = values.roles.split(',').map((r) => r.trim());
  for (const role of roles)
    if (role !== 'split' && role !== 'all') throw new Error(`--roles: split or all, not ${role}`);
  const numbers = {
    rate: Number(values.rate),
    idleSeconds: Number(values['idle-seconds']),
    saves: Number(values.saves),
    webhooks: Number(values.webhooks),
    percent: Number(values.percent),
  };
  const products = Number(values.products);
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers must be a whole number, at least 1');
  const positive = [numbers.rate, numbers.idleSeconds, numbers.saves, numbers.webhooks];
  if (
    !positive.every((n) => Number.isFinite(n) && n > 0) ||
    !Number.isFinite(numbers.percent) ||
    numbers.percent === 0
  ) {
    throw new Error('--rate, --idle-seconds, --saves and --webhooks must be positive, --percent non-zero');
  }
  if (!Number.isInteger(products) || products < 1) throw new Error('--products must be a whole number');
  return {
    roles: roles as RoleMode[],
    mode: { ...numbers, consistency: !values['no-consistency'], workers, workersBelow: values['workers-below'] },
    products,
  };
}

/** Every process's environment: fresh secrets, the bench database and build, production mode. */
function benchEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    NEXT_DIST_DIR: DIST_DIR,
    REVALIDATE_SECRET: randomBytes(24).toString('hex'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    SESSION_COOKIE_SECURE: 'false',
    ADMIN_EMAIL: 'admin@bench.test',
    ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('hex')}`,
    SHOPIFY_WEBHOOK_SECRET: randomBytes(24).toString('hex'),
    SHOPIFY_SHOP_DOMAIN: 'fresh-price-bench.myshopify.com',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  // Pages built without a fixed public address: the build then stays current from run to run.
  delete env.PUBLIC_SHOP_URL;
  // Each shop gets a private Redis (scripts/lib/scaled-shop.ts) and its own edges.
  delete env.REDIS_URL;
  delete env.REDIS_KEY_PREFIX;
  return env;
}

/** The same database every time: dropped, created, migrated, seeded (sample catalog + generated products + admin). */
async function freshDatabase(adminUrl: string, env: NodeJS.ProcessEnv, products: number): Promise<void> {
  await dropDatabase(adminUrl, DATABASE);
  await createDatabase(adminUrl, DATABASE);
  await applyMigrations({ connectionString: env.DATABASE_URL ?? '', log: () => {} });
  await runOrThrow(bin('tsx'), ['scripts/db/seed.ts', '--keep-build', '--products', String(products)], env);
}

async function main(): Promise<void> {
  const options = readOptions();
  loadProjectEnv();
  const missing = missingForScaledShop(undefined);
  if (missing.length > 0) throw new Error(`bench:roles needs ${missing.join(' and ')}`);
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} CPUs`;
  const loadAtStart = loadavg();
  const server = await connectDatabaseServer(repoRoot);
  const adminUrl = server.url('postgres');
  const env = benchEnv(server.url(DATABASE));
  const workDir = mkdtempSync(path.join(tmpdir(), 'bench-roles-'));
  const results: ModeResult[] = [];
  try {
    for (const role of options.roles) {
      console.log(`bench:roles: a fresh ${DATABASE} for roles ${role} (${options.products} products) ...`);
      await freshDatabase(adminUrl, env, options.products);
      const distDir = path.join(repoRoot, DIST_DIR);
      if (!buildIsCurrent(repoRoot, distDir, env)) {
        console.log(`bench:roles: building the shop into ${DIST_DIR} (next build) ...`);
        await buildIslands(repoRoot);
        await runOrThrow(bin('next'), ['build'], env);
        recordBuild(repoRoot, distDir, env);
      }
      const out = path.join(workDir, `${role}.json`);
      const modeOptions: ModeOptions = { ...options.mode, mode: role };
      await runOrThrow(
        bin('tsx'),
        ['scripts/bench/lib/roles-mode.ts', '--options', JSON.stringify(modeOptions), '--out', out],
        env,
      );
      results.push(JSON.parse(readFileSync(out, 'utf8')) as ModeResult);
    }
  } finally {
    await dropDatabase(adminUrl, DATABASE).catch((error: unknown) =>
      console.error(`could not drop ${DATABASE}:`, error),
    );
    await server.release();
    rmSync(workDir, { recursive: true, force: true });
  }
  console.log(formatRolesReport({ machine, loadAtStart, loadAtEnd: loadavg(), options: options.mode, results }));
}

runMain(main);
