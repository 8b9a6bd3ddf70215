/**
 * How fast a cached product page is served: straight from `next start`, through the edge caches
 * in front of it (the nginx edge, nginx/default.conf; Varnish with the shipped VCL when given), and
 * by nginx serving the very same bytes as a static file, measured side by side in alternating
 * rounds so machine noise hits all of them alike.
 *
 *   npm run bench:edge-throughput -- [--varnish-url http://127.0.0.1:6081] [--nginx-edge-url <url>]
 *     [--page /products/<slug>] [--rounds 5] [--seconds 10] [--connections 50]
 *     [--encodings identity,gzip] [--client-cpu 0] [--server-cpu 1] [--no-pin]
 *     [--load-generator wrk|autocannon]
 *
 * Needs the shop running (SHOP_URL, default http://localhost:$PORT or 3000) and the `nginx` binary
 * (Debian: `apt-get install nginx`). The static nginx, and the nginx edge unless
 * --nginx-edge-url names one, are started here on free ports (the edge with scripts/lib/nginx.ts,
 * pinned with one worker like the static one) and stopped afterwards. --varnish-url adds a
 * Varnish in front of the shop (see docs/edge.md).
 *
 * What makes the comparison fair (docs/benchmarks.md, "The edge against a static file"):
 * - CPU: on a small box the load generator competes with the server it measures, and a server with
 *   many threads (Varnish) grabs a different share of the cores than one with a worker per core
 *   (nginx). So with `taskset` (util-linux) this process and its load generator are pinned to
 *   --client-cpu, and every server under test (the processes listening on the shop's and the
 *   edges' ports, found with `ss -ltnp`, all their threads; our nginx edge runs
 *   `worker_processes 1`; the static nginx is started pinned with one worker) to --server-cpu: each server gets exactly one core, the same one, and the
 *   client never runs on it. Affinities are restored afterwards. --no-pin measures unpinned.
 * - Client: wrk (one thread) when installed, it needs far less CPU per request than autocannon
 *   (a Node process), which falls back in when wrk is missing.
 * - Bytes: every target sends the same body for each encoding, checked before measuring.
 *   `identity` sends no Accept-Encoding (as autocannon always did): Varnish stores the page
 *   gzipped, as Next sends it to Varnish's fetch, and gunzips it for every such client; the nginx
 *   edge keeps a plain copy of its own. `gzip` sends `Accept-Encoding: gzip`, as every browser
 *   does: Varnish and the nginx edge send their stored gzip bytes, the static nginx the same bytes
 *   from a precompressed file (gzip_static), Next compresses on each request.
 * - nginx: a reasonable static config, sendfile on, open_file_cache (no open() per request),
 *   access log off, keep-alive with no per-connection request cap (Varnish and Next have none).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findFreePort } from '../lib/free-port';
import { startNginx, stopNginx, type NginxEdgeConfig } from '../lib/nginx';
import { repoRoot } from '../lib/repo';
import { runMain } from '../lib/run-main';
import { shopUrl } from '../lib/shop-url';
import { canPin, listeningPids, pinProcess } from './lib/cpu-pinning';
import { runLoad, wrkAvailable, wrkVersion, type LoadGenerator } from './lib/load-generator';

type Encoding = 'identity' | 'gzip';

interface Round {
  round: number;
  encoding: Encoding;
  target: string;
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
  /** The server's CPU time (all its processes and threads) per request answered, in µs. */
  cpuMicrosPerRequest: number;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  headerBytes: number;
  body: Buffer;
}

const TARGET_RATIO = 0.8;
const NEXT = 'next start';
const VARNISH = 'Varnish → next';
const NGINX_EDGE = 'nginx edge → next';
const NGINX = 'nginx (static file)';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'varnish-url': { type: 'string' },
      'nginx-edge-url': { type: 'string' },
      page: { type: 'string' },
      rounds: { type: 'string', default: '5' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      encodings: { type: 'string', default: 'identity,gzip' },
      'client-cpu': { type: 'string', default: '0' },
      'server-cpu': { type: 'string', default: '1' },
      'no-pin': { type: 'boolean', default: false },
      'load-generator': { type: 'string' },
    },
  });
  const varnishUrl = values['varnish-url']?.replace(/\/+$/, '');
  const givenEdgeUrl = values['nginx-edge-url']?.replace(/\/+$/, '');
  const [rounds, seconds, connections] = [Number(values.rounds), Number(values.seconds), Number(values.connections)];
  const encodings = values.encodings.split(',').map((e) => e.trim());
  for (const e of encodings) if (e !== 'identity' && e !== 'gzip') throw new Error(`unknown encoding ${e}`);
  const [clientCpu, serverCpu] = [Number(values['client-cpu']), Number(values['server-cpu'])];
  const requested = values['load-generator'] ?? (wrkAvailable() ? 'wrk' : 'autocannon');
  if (requested !== 'wrk' && requested !== 'autocannon') throw new Error(`unknown load generator ${requested}`);
  const generator: LoadGenerator = requested;
  const pin = !values['no-pin'];
  if (pin && !canPin(clientCpu, serverCpu)) {
    throw new Error(
      `cannot pin the client to CPU ${clientCpu} and the servers to CPU ${serverCpu} ` +
        `(needs taskset and ${Math.max(clientCpu, serverCpu) + 1} CPUs); pass --no-pin to measure unpinned`,
    );
  }
  const shop = shopUrl();
  const page = values.page ?? (await firstProductPath(shop));

  // The bytes every target serves: the shop's cached page, fetched twice so it is a cache HIT.
  await rawGet(`${shop}${page}`, {});
  const plain = await rawGet(`${shop}${page}`, {});
  if (plain.headers['x-nextjs-cache'] !== 'HIT') throw new Error(`${page} is not served from the cache`);
  if (plain.headers['content-encoding']) throw new Error(`${shop}${page} is encoded without Accept-Encoding`);
  const gzipped = await rawGet(`${shop}${page}`, { 'accept-encoding': 'gzip' });
  if (gzipped.headers['content-encoding'] !== 'gzip') throw new Error(`${shop}${page} does not answer gzip`);

  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} CPUs`; // before pinning
  const restore: Array<() => void> = [];
  let nginx: { url: string; stop: () => void } | undefined;
  let edge: NginxEdgeConfig | undefined;
  try {
    if (!givenEdgeUrl) edge = await startOwnNginxEdge(shop, pin);
    const edgeUrl = givenEdgeUrl ?? `http://127.0.0.1:${edge?.listenPort}`;
    const edges: Array<[string, string]> = [
      ...(varnishUrl ? [[VARNISH, varnishUrl] as [string, string]] : []),
      [NGINX_EDGE, edgeUrl],
    ];
    for (const [, base] of edges) {
      // Warm each copy the edge keeps (nginx keeps the gzip and the plain one apart).
      for (const encoding of encodings as Encoding[]) await rawGet(`${base}${page}`, requestHeaders(encoding));
    }
    if (pin) {
      restore.push(pinProcess(process.pid, clientCpu)); // this process, autocannon, and wrk (a child)
      for (const base of [shop, ...edges.map(([, url]) => url)]) {
        const port = Number(new URL(base).port || 80);
        const pids = listeningPids(port);
        if (pids.length === 0) throw new Error(`no process found listening on port ${port} (run as its user)`);
        for (const pid of pids) restore.push(pinProcess(pid, serverCpu));
      }
    }
    nginx = await startStaticNginx(page, plain.body, gzipped.body, pin ? serverCpu : undefined);
    const targets: Array<[string, string]> = [[NEXT, shop], ...edges, [NGINX, nginx.url]];
    const sizes = new Map<string, number>();
    for (const encoding of encodings as Encoding[]) {
      const expected = encoding === 'gzip' ? gzipped.body : plain.body;
      for (const [target, base] of targets) {
        const reply = await rawGet(`${base}${page}`, requestHeaders(encoding));
        const servedEncoding = reply.headers['content-encoding'] ?? 'identity';
        if (reply.status !== 200 || servedEncoding !== encoding || !reply.body.equals(expected)) {
          throw new Error(`${target} does not serve the same ${encoding} bytes of ${page}`);
        }
        sizes.set(`${encoding} ${target}`, reply.headerBytes + reply.body.length);
      }
    }

    console.log(
      `${machine}; load average at start ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `${generator === 'wrk' ? `${wrkVersion()} (1 thread)` : 'autocannon'}, ${connections} connections; ` +
        (pin ? `client on CPU ${clientCpu}, each server on CPU ${serverCpu}` : 'unpinned'),
    );
    // Whose CPU time each target's requests cost: the processes listening on its port.
    const serverPids = new Map(targets.map(([target, base]) => [target, listeningPids(Number(new URL(base).port))]));
    const results: Round[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      for (const encoding of encodings as Encoding[]) {
        // Alternating, and each round starts with the next target, so no target always goes first.
        const order = targets.map((_, i) => targets[(i + round - 1) % targets.length]!);
        for (const [target, base] of order) {
          const pids = serverPids.get(target) ?? [];
          const cpuBefore = cpuSeconds(pids);
          const result = await runLoad(generator, {
            url: `${base}${page}`,
            connections,
            seconds,
            headers: requestHeaders(encoding),
          });
          const cpuMicrosPerRequest = ((cpuSeconds(pids) - cpuBefore) * 1e6) / (result.requestsPerSecond * seconds);
          results.push({ round, encoding, target, ...result, cpuMicrosPerRequest });
          console.log(
            `round ${round} ${encoding} ${target}: ${Math.round(result.requestsPerSecond)} req/s, ` +
              `p99 ${result.p99Ms} ms, ${cpuMicrosPerRequest.toFixed(1)} µs CPU/request` +
              (result.errors ? `, ${result.errors} errors` : ''),
          );
        }
      }
    }
    console.log(
      `load average at the end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    for (const encoding of encodings as Encoding[]) {
      report(
        page,
        encoding,
        results.filter((r) => r.encoding === encoding),
        targets.map(([t]) => t),
        sizes,
        { rounds, seconds, connections },
      );
    }
  } finally {
    nginx?.stop();
    if (edge) {
      await stopNginx(edge);
      rmSync(edge.workDir, { recursive: true, force: true });
    }
    for (const undo of restore.reverse()) undo();
  }
}

function requestHeaders(encoding: Encoding): Record<string, string> {
  return encoding === 'gzip' ? { 'accept-encoding': 'gzip' } : {};
}

/** A GET with exactly these headers, the body as sent (never decoded), and the header size. */
function rawGet(url: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        let headerBytes = `HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\n\r\n`.length;
        for (let i = 0; i < response.rawHeaders.length; i += 2) {
          headerBytes += `${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}\r\n`.length;
        }
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          headerBytes,
          body: Buffer.concat(chunks),
        });
      });
    });
    request.on('error', reject);
  });
}

async function firstProductPath(shop: string): Promise<string> {
  const html = (await rawGet(`${shop}/`, {})).body.toString('utf8');
  const slug = /data-product-slug="([^"]+)"/.exec(html)?.[1];
  if (!slug) throw new Error('the home page lists no product; pass --page');
  return `/products/${slug}`;
}

/**
 * nginx serving `plain` at `page` and the same page's gzip bytes (`gzipped`, precompressed, as
 * gzip_static serves them to clients that accept gzip) from a temporary directory, on a free port;
 * pinned to `cpu` with one worker when given.
 */
async function startStaticNginx(
  page: string,
  plain: Buffer,
  gzipped: Buffer,
  cpu: number | undefined,
): Promise<{ url: string; stop: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-nginx-'));
  chmodSync(dir, 0o755); // nginx's workers run as an unprivileged user when started as root
  const root = path.join(dir, 'root');
  mkdirSync(path.join(root, path.dirname(page)), { recursive: true });
  writeFileSync(path.join(root, page), plain);
  writeFileSync(path.join(root, `${page}.gz`), gzipped);
  const port = await findFreePort();
  const config = path.join(dir, 'nginx.conf');
  writeFileSync(
    config,
    `worker_processes ${cpu === undefined ? 'auto' : 1};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=64;
  gzip_static on;
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
  const nginxArgs = ['-c', config, '-p', dir, '-g', 'daemon off;'];
  const child: ChildProcess =
    cpu === undefined
      ? spawn('nginx', nginxArgs, { stdio: 'inherit' })
      : spawn('taskset', ['-c', String(cpu), 'nginx', ...nginxArgs], { stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    const served = await rawGet(`${url}${page}`, {}).then(
      (r) => (r.status === 200 ? r.body : null),
      () => null,
    );
    if (served?.equals(plain)) break;
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

/** CPU time (user + system, every thread) the processes used so far, in seconds, from /proc. */
function cpuSeconds(pids: number[]): number {
  const ticksPerSecond = 100; // USER_HZ, 100 on Linux
  return pids.reduce((sum, pid) => {
    // Fields after the parenthesised command name: state is 3rd, utime 14th, stime 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  }, 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function report(
  page: string,
  encoding: Encoding,
  results: Round[],
  targets: string[],
  sizes: Map<string, number>,
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
          cpu: median(mine.map((r) => r.cpuMicrosPerRequest)),
          errors: mine.reduce((sum, r) => sum + r.errors, 0),
        },
      ];
    }),
  );
  console.log(
    `\n${page}, ${encoding === 'gzip' ? 'Accept-Encoding: gzip' : 'no Accept-Encoding'}: ${settings.rounds} ` +
      `alternating rounds of ${settings.seconds} s, ${settings.connections} connections (median per target)`,
  );
  console.log(
    '| target | req/s | p99 | server CPU/request | bytes/response | errors |\n| --- | --- | --- | --- | --- | --- |',
  );
  for (const [target, m] of medians) {
    console.log(
      `| ${target} | ${Math.round(m.rps)} | ${m.p99} ms | ${m.cpu.toFixed(1)} µs | ` +
        `${sizes.get(`${encoding} ${target}`)} | ${m.errors} |`,
    );
  }
  for (const edge of [VARNISH, NGINX_EDGE].filter((target) => targets.includes(target))) {
    const perRound = [...new Set(results.map((r) => r.round))].map((round) => {
      const rps = (target: string) => results.find((r) => r.round === round && r.target === target)?.requestsPerSecond;
      return (rps(edge) ?? 0) / (rps(NGINX) ?? 1);
    });
    const ratio = (medians.get(edge)?.rps ?? 0) / (medians.get(NGINX)?.rps ?? 1);
    // The same ratio from CPU time per request: what one core would serve, less swayed by the
    // other jobs on a shared machine than req/s.
    const cpuRatio = (medians.get(NGINX)?.cpu ?? 0) / (medians.get(edge)?.cpu ?? 1);
    console.log(
      `${edge} / ${NGINX}: ${ratio.toFixed(2)} (rounds ${perRound.map((r) => r.toFixed(2)).join(', ')}; ` +
        `target >= ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}); ` +
        `by CPU time per request ${cpuRatio.toFixed(2)}`,
    );
  }
}

/**
 * The shipped nginx edge (nginx/default.conf) in front of the shop, on a free port; one worker
 * when pinned, as the static nginx has (it is pinned with the other servers).
 */
async function startOwnNginxEdge(shop: string, pin: boolean): Promise<NginxEdgeConfig> {
  const shopAddress = new URL(shop);
  const config: NginxEdgeConfig = {
    workDir: mkdtempSync(path.join(tmpdir(), 'bench-nginx-edge-')),
    listenPort: await findFreePort(),
    backends: [
      {
        host: shopAddress.hostname === 'localhost' ? '127.0.0.1' : shopAddress.hostname,
        port: Number(shopAddress.port || 80),
      },
    ],
    confPath: path.join(repoRoot, 'nginx', 'default.conf'),
    ...(pin ? { workerProcesses: 1 } : {}),
  };
  await startNginx(config);
  return config;
}

runMain(main);
