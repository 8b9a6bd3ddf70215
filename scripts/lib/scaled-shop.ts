/**
 * docker-compose.yml without Docker: Redis (one shared page cache), two web `next start`
 * instances on it (PURGE_ROLE=web: they serve, never regenerate), one worker instance or more
 * (PURGE_ROLE=worker: they drain the outbox and the inbox side by side, render into Redis, purge the edges),
 * varnishd running varnish/compose.vcl with its backends app1 and app2 pointed at the two web
 * instances (and its refreshes and the back office at the first worker), and the second shipped
 * edge, nginx running nginx/compose.conf over the same two. Given a database and a build, it starts
 * the rest; `npm run demo:scaled` and e2e/scaled-shop.spec.ts both compose the shop through here.
 * Imports nothing that needs ES modules: Playwright loads it as CommonJS from the spec.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort, freePortPreferring } from './free-port';
import { startNextServer, type NextServer } from './next-server';
import { findNginx, startNginx, stopNginx, type NginxEdgeConfig } from './nginx';
import { findRedisServer, startRedisServer } from './redis-server';
import { findVarnishd, startVarnish, stopVarnish, waitForHealthyBackends, type VarnishConfig } from './varnish';

/**
 * TCP port 9 (discard): no service of this project listens there, so a probe of it fails: refused,
 * or timed out where an inetd discard service holds the port and never answers.
 */
const NO_WORKER_PORT = 9;

export interface ScaledShopOptions {
  /** The repository: its varnish/compose.vcl and node_modules/.bin/next. */
  root: string;
  /** Every instance's environment: DATABASE_URL, NEXT_DIST_DIR (the build to serve), secrets. */
  env: NodeJS.ProcessEnv;
  /** A running Redis to share; unset: a private redis-server, stopped with the shop. */
  redisUrl?: string;
  /** Keeps this shop's pages apart from others in a shared Redis. */
  redisKeyPrefix?: string;
  /** Ports to use when they are free (else any free port); unset: any free port. */
  preferredPorts?: { shop?: number; app1?: number; app2?: number; worker?: number; nginxEdge?: number };
  /**
   * `split` (default, as in the compose file): app1 and app2 are web instances and workers
   * regenerate; `all`: no worker, app1 and app2 each regenerate their own changes.
   */
  roles?: 'split' | 'all';
  /**
   * How many workers (roles `split`), default 1 as in the compose file; 2 is the compose file's
   * `second-worker` profile: a worker renders on one core, and a second shares a large change's
   * renders, with CPU the web instances would have had unless `workersBelow` (docs/scaling.md).
   */
  workers?: number;
  /**
   * Runs the workers below the web instances on the CPU (docs/scaling.md, "The worker's CPU
   * priority"): for two workers on a host whose cores the web instances need. Off by default: with
   * it, the slowest single saves' pages were fresh later.
   */
  workersBelow?: boolean;
  /** Each chunk an instance prints (the demo shows it). */
  onOutput?: (instance: string, chunk: string) => void;
}

export interface ScaledShop {
  /** Where shoppers go: Varnish. */
  shopUrl: string;
  /** app1 and app2, each answering directly. */
  instances: NextServer[];
  /**
   * The workers (roles `split`; none with `all`), named `worker`, `worker-2`, ...: not behind
   * Varnish, no shopper reaches them. The edges fetch their refreshes from the first.
   */
  workers: NextServer[];
  redisUrl: string;
  varnish: VarnishConfig;
  /** The second shipped edge, nginx running nginx/compose.conf over app1 and app2, refreshed like Varnish is purged. */
  nginxEdgeUrl: string;
  nginxEdge: NginxEdgeConfig;
  /** Stops everything it started, newest first. */
  stop: () => Promise<void>;
}

/** What this machine lacks to compose the shop (with what to install), or an empty list. */
export function missingForScaledShop(redisUrl: string | undefined): string[] {
  const missing: string[] = [];
  if (!redisUrl && !findRedisServer()) {
    missing.push('redis-server (Debian: apt-get install redis-server), or REDIS_URL naming a running Redis');
  }
  if (!findVarnishd()) missing.push('varnishd (Debian: apt-get install varnish)');
  if (!findNginx()) missing.push('nginx (Debian: apt-get install nginx)');
  return missing;
}

export async function startScaledShop(options: ScaledShopOptions): Promise<ScaledShop> {
  const missing = missingForScaledShop(options.redisUrl);
  if (missing.length > 0) throw new Error(`the scaled shop needs ${missing.join(' and ')}`);
  const split = (options.roles ?? 'split') === 'split';
  const workerCount = workerCountFor(split, options.workers);
  const started: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of started.splice(0).reverse()) await stopOne();
  };
  const chosen = new Set<number>();
  // Nothing listens on a chosen port until its server starts, so the next pick could return it again.
  const portFor = async (name?: 'shop' | 'app1' | 'app2' | 'worker' | 'nginxEdge') => {
    const preferred = name && options.preferredPorts?.[name];
    let port = preferred === undefined ? await findFreePort() : await freePortPreferring(preferred);
    while (chosen.has(port)) port = await findFreePort();
    chosen.add(port);
    return port;
  };
  try {
    const redisUrl = options.redisUrl ?? (await startPrivateRedis(started));
    const [shopPort, app1Port, app2Port] = [await portFor('shop'), await portFor('app1'), await portFor('app2')];
    const shopUrl = `http://127.0.0.1:${shopPort}`;
    const nginxEdgePort = await portFor('nginxEdge');
    const nginxEdgeUrl = `http://127.0.0.1:${nginxEdgePort}`;
    const instanceEnv = (port: number, role: 'web' | 'worker' | 'all'): NodeJS.ProcessEnv => {
      const env: NodeJS.ProcessEnv = {
        ...options.env,
        PORT: String(port),
        PURGE_ROLE: role,
        // Each instance says what it renders, so which process regenerated a page shows in its output.
        LOG_RENDERS: '1',
        // One page cache for all, so a page rendered by any of them is what every one serves next.
        REDIS_URL: redisUrl,
        // Every purge also PURGEs Varnish, with the Host shoppers use (compose.vcl hashes the URL only).
        EDGE_VARNISH_URL: shopUrl,
        EDGE_SHOP_HOST: new URL(shopUrl).host,
        // And refreshes both copies of the page at the nginx edge.
        EDGE_NGINX_URL: nginxEdgeUrl,
      };
      if (options.redisKeyPrefix) env.REDIS_KEY_PREFIX = options.redisKeyPrefix;
      // Each drainer must reach its own instance, not whatever server the caller's env named.
      delete env.PURGE_DRAIN_ORIGIN;
      return env;
    };
    const startApp = (name: string, port: number, role: 'web' | 'worker' | 'all') => () =>
      startNextServer({
        port,
        root: options.root,
        env: instanceEnv(port, role),
        background: role === 'worker' && options.workersBelow === true,
        onOutput: options.onOutput && ((chunk) => options.onOutput?.(name, chunk)),
      });
    const webRole = split ? 'web' : 'all';
    const starts = [startApp('app1', app1Port, webRole), startApp('app2', app2Port, webRole)];
    // The first worker gets the compose file's port; the others any free one.
    const workerPorts: number[] = [];
    for (let index = 0; index < workerCount; index += 1)
      workerPorts.push(await portFor(index === 0 ? 'worker' : undefined));
    const workerPort = workerPorts[0];
    for (const [index, port] of workerPorts.entries()) starts.push(startApp(workerName(index), port, 'worker'));
    const [app1, app2, ...workers] = await startInstances(started, starts);
    const instances = [app1, app2].filter((server): server is NextServer => server !== undefined);
    const varnish: VarnishConfig = {
      workDir: mkdtempSync(path.join(tmpdir(), 'storefront-scaled-varnish-')),
      listenPort: shopPort,
      vclPath: path.join(options.root, 'varnish', 'compose.vcl'),
      backends: {
        app1: { host: '127.0.0.1', port: app1Port },
        app2: { host: '127.0.0.1', port: app2Port },
        // The refreshes' and the back office's backend. Roles `all` have no worker: an address
        // nothing answers on, so compose.vcl sends both to app1 and app2, as the compose edge does
        // while its worker is down.
        worker: { host: '127.0.0.1', port: workerPort ?? NO_WORKER_PORT },
      },
    };
    started.push(async () => {
      await stopVarnish(varnish);
      rmSync(varnish.workDir, { recursive: true, force: true });
    });
    await startVarnish(varnish);
    // compose.vcl's probes first: before they report, the round robin has no backend to send to.
    await waitForHealthyBackends(varnish, 20_000, workerPort === undefined ? ['app1', 'app2'] : undefined);
    const nginxEdge: NginxEdgeConfig = {
      workDir: mkdtempSync(path.join(tmpdir(), 'storefront-scaled-nginx-')),
      listenPort: nginxEdgePort,
      confPath: path.join(options.root, 'nginx', 'compose.conf'),
      backends: [
        { host: '127.0.0.1', port: app1Port },
        { host: '127.0.0.1', port: app2Port },
      ],
      refresher: workerPort === undefined ? undefined : { host: '127.0.0.1', port: workerPort },
    };
    started.push(async () => {
      await stopNginx(nginxEdge);
      rmSync(nginxEdge.workDir, { recursive: true, force: true });
    });
    await startNginx(nginxEdge);
    return { shopUrl, instances, workers, redisUrl, varnish, nginxEdgeUrl, nginxEdge, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** How many workers to start: `requested` (default 1) with roles `split`, none with `all`; throws otherwise. */
export function workerCountFor(split: boolean, requested: number | undefined): number {
  if (!split) {
    if (requested !== undefined && requested > 0)
      throw new Error('roles `all` runs no worker: each instance regenerates');
    return 0;
  }
  const count = requested ?? 1;
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`roles \`split\` needs a whole number of workers, at least one; got ${count}`);
  return count;
}

/** `worker`, `worker-2`, ...: the compose file's service names, and how each one's output is labelled. */
export function workerName(index: number): string {
  return index === 0 ? 'worker' : `worker-${index + 1}`;
}

async function startPrivateRedis(started: (() => Promise<void>)[]): Promise<string> {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server is not installed');
  const redis = await startRedisServer(binary, await findFreePort());
  started.push(redis.stop);
  return redis.url;
}

/** Starts the instances side by side; each one that did start is stopped with the shop, even if another failed. */
async function startInstances(
  started: (() => Promise<void>)[],
  starts: (() => Promise<NextServer>)[],
): Promise<NextServer[]> {
  const results = await Promise.allSettled(starts.map((start) => start()));
  for (const result of results) if (result.status === 'fulfilled') started.push(result.value.stop);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<NextServer>).value);
}
