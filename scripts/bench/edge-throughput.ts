/**
 * How fast a cached product page is served: straight from `next start`, through the edge cache
 * (Varnish with the shipped VCL) in front of it, and by nginx serving the very same bytes as a
 * static file, measured side by side in alternating rounds so machine noise hits all three alike.
 *
 *   npm run bench:edge-throughput -- --varnish-url http://localhost:6081 [--page /products/<slug>]
 *     [--rounds 3] [--seconds 10] [--connections 50]
 *
 * Needs the shop running (SHOP_URL, default http://localhost:$PORT or 3000), a Varnish in front of
 * it (see README "Edge cache") and the `nginx` binary (Debian: `apt-get install nginx`); nginx is
 * started here on a free port with a throwaway config and stopped afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { findFreePort } from '../lib/free-port';
import { runMain } from '../lib/run-main';
import { shopUrl } from '../lib/shop-url';

interface Round {
  target: string;
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
}

const TARGET_RATIO = 0.8;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'varnish-url': { type: 'string' },
      page: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
    },
  });
  const varnishUrl = values['varnish-url']?.replace(/\/+$/, '');
  if (!varnishUrl) throw new Error('--varnish-url is required (a Varnish in front of the shop)');
  const [rounds, seconds, connections] = [Number(values.rounds), Number(values.seconds), Number(values.connections)];
  const shop = shopUrl();
  const page = values.page ?? (await firstProductPath(shop));

  // The bytes every target serves: the shop's cached page, fetched twice so it is a cache HIT.
  await fetch(`${shop}${page}`);
  const response = await fetch(`${shop}${page}`);
  if (response.headers.get('x-nextjs-cache') !== 'HIT') throw new Error(`${page} is not served from the cache`);
  const body = Buffer.from(await response.arrayBuffer());
  await fetch(`${varnishUrl}${page}`); // warm the edge

  const nginx = await startNginx(page, body);
  try {
    const targets = { 'next start': shop, 'Varnish → next': varnishUrl, 'nginx (static file)': nginx.url };
    const results: Round[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      for (const [target, base] of Object.entries(targets)) {
        const result = await autocannon({ url: `${base}${page}`, connections, duration: seconds });
        results.push({
          target,
          requestsPerSecond: result.requests.average,
          p99Ms: result.latency.p99,
          errors: result.errors + result.non2xx,
        });
        console.log(
          `round ${round} ${target}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms`,
        );
      }
    }
    report(page, results, Object.keys(targets), { rounds, seconds, connections });
  } finally {
    nginx.stop();
  }
}

async function firstProductPath(shop: string): Promise<string> {
  const html = await (await fetch(`${shop}/`)).text();
  const slug = /data-product-slug="([^"]+)"/.exec(html)?.[1];
  if (!slug) throw new Error('the home page lists no product; pass --page');
  return `/products/${slug}`;
}

/** nginx serving `body` at `page` from a temporary directory, on a free port. */
async function startNginx(page: string, body: Buffer): Promise<{ url: string; stop: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-nginx-'));
  chmodSync(dir, 0o755); // nginx's workers run as an unprivileged user when started as root
  const root = path.join(dir, 'root');
  mkdirSync(path.join(root, path.dirname(page)), { recursive: true });
  writeFileSync(path.join(root, page), body);
  const port = await findFreePort();
  const config = path.join(dir, 'nginx.conf');
  writeFileSync(
    config,
    `worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp;
  proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp;
  scgi_temp_path ${dir}/tmp;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    default_type text/html;
  }
}
`,
  );
  mkdirSync(path.join(dir, 'tmp'));
  const child: ChildProcess = spawn('nginx', ['-c', config, '-p', dir, '-g', 'daemon off;'], { stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    const served = await fetch(`${url}${page}`).then(
      async (r) => (r.ok ? Buffer.from(await r.arrayBuffer()) : null),
      () => null,
    );
    if (served?.equals(body)) break;
    if (i === 50) throw new Error(`nginx on ${url} does not serve ${page} (see ${dir}/error.log)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: () => {
      child.kill('SIGQUIT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function report(
  page: string,
  results: Round[],
  targets: string[],
  settings: { rounds: number; seconds: number; connections: number },
): void {
  const medians = new Map(
    targets.map((target) => {
      const mine = results.filter((r) => r.target === target);
      return [
        target,
        {
          rps: median(mine.map((r) => r.requestsPerSecond)),
          p99: median(mine.map((r) => r.p99Ms)),
          errors: mine.reduce((sum, r) => sum + r.errors, 0),
        },
      ];
    }),
  );
  console.log(
    `\n${page}: ${settings.rounds} alternating rounds of ${settings.seconds} s, ${settings.connections} connections (median per target)`,
  );
  console.log('| target | req/s | p99 | errors |\n| --- | --- | --- | --- |');
  for (const [target, m] of medians) console.log(`| ${target} | ${Math.round(m.rps)} | ${m.p99} ms | ${m.errors} |`);
  const edge = medians.get('Varnish → next')?.rps ?? 0;
  const file = medians.get('nginx (static file)')?.rps ?? 1;
  const ratio = edge / file;
  console.log(
    `Varnish / nginx: ${ratio.toFixed(2)} (target >= ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`,
  );
}

runMain(main);
