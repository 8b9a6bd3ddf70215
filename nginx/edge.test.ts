/**
 * The shipped nginx configs in a real nginx (scripts/lib/nginx.ts) in front of a backend that
 * numbers its answers, with the app's nginx target refreshing it: what e2e/edge.spec.ts proves
 * against the shop, here rule by rule (copies per encoding, query strings, Host, ACL, headers).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNginxTarget } from '../lib/revalidation/edge/nginx';
import { findFreePort } from '../scripts/lib/free-port';
import { findNginx, startNginx, stopNginx, type NginxEdgeConfig } from '../scripts/lib/nginx';
import { shouldSkipFor } from '../scripts/lib/required-services';
import { compose, composeWorkers } from '../testing/compose-file';
import { BACK_OFFICE_PATHS, SHOPPER_PATHS } from '../testing/edge-routes';

/** An answer the backend holds back until the test releases it (a shopper's fetch in flight). */
let heldBack: { url: string; released: Promise<void> } | undefined;

/** Each answer says which one it is and what the backend received; gzipped when asked. */
async function startNumberingBackend(
  name = 'shop',
): Promise<{ server: Server; port: number; seen: IncomingHttpHeaders[] }> {
  let count = 0;
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    count += 1;
    seen.push(req.headers);
    const body = JSON.stringify({ n: count, from: name, url: req.url, cookie: req.headers.cookie ?? null });
    const cacheControl = req.url?.startsWith('/cart') ? 'private, no-store' : 's-maxage=31536000';
    const headers = { 'Cache-Control': cacheControl, Vary: 'Accept-Encoding', 'Content-Type': 'application/json' };
    const answer = () => {
      if (/gzip/.test(req.headers['accept-encoding'] ?? '')) {
        res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip' }).end(gzipSync(body));
      } else res.writeHead(200, headers).end(body);
    };
    const hold = heldBack?.url === req.url ? heldBack : undefined;
    heldBack = hold ? undefined : heldBack;
    if (hold) void hold.released.then(answer);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

interface Answer {
  status: number;
  edgeCache: string | undefined;
  body: { n: number; from: string; url: string; cookie: string | null } | null;
}

function get(port: number, urlPath: string, headers: Record<string, string> = {}, localAddress?: string) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, headers, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString() : raw.toString();
        const edgeCache = res.headers['x-edge-cache'];
        resolve({
          status: res.statusCode ?? 0,
          edgeCache: Array.isArray(edgeCache) ? edgeCache[0] : edgeCache,
          body: text.startsWith('{') ? (JSON.parse(text) as Answer['body']) : null,
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const GZIP = { 'Accept-Encoding': 'gzip, deflate, br' };

const nginx = findNginx();
describe.skipIf(shouldSkipFor(nginx ? undefined : 'nginx is not installed: the nginx edge config is not run'))(
  'nginx/default.conf',
  () => {
    let backend: Awaited<ReturnType<typeof startNumberingBackend>>;
    let config: NginxEdgeConfig;
    const port = () => config.listenPort;
    const target = () =>
      createNginxTarget({ url: `http://127.0.0.1:${port()}`, shopHost: 'shop.test', refreshAgainAfterMs: 0 });

    beforeAll(async () => {
      backend = await startNumberingBackend();
      config = {
        workDir: mkdtempSync(path.join(tmpdir(), 'storefront-nginx-edge-test-')),
        listenPort: await findFreePort(),
        backends: [{ host: '127.0.0.1', port: backend.port }],
        confPath: path.join(__dirname, 'default.conf'),
      };
      await startNginx(config);
    });
    afterAll(async () => {
      await stopNginx(config);
      rmSync(config.workDir, { recursive: true, force: true });
      await new Promise((resolve) => backend.server.close(resolve));
    });

    it('keeps a gzip and a plain copy of a page, and the refresh replaces both', async () => {
      const plain = await get(port(), '/products/a');
      const gzipped = await get(port(), '/products/a', GZIP);
      expect(plain.body?.n).not.toBe(gzipped.body?.n);
      expect(await get(port(), '/products/a')).toMatchObject({ edgeCache: 'HIT', body: plain.body });
      expect(await get(port(), '/products/a', { 'Accept-Encoding': 'gzip' })).toMatchObject({
        edgeCache: 'HIT',
        body: gzipped.body,
      });
      expect(await target().purge(['/products/a'])).toEqual([{ path: '/products/a', ok: true }]);
      const [plainAfter, gzipAfter] = [await get(port(), '/products/a'), await get(port(), '/products/a', GZIP)];
      expect(plainAfter.edgeCache).toBe('HIT'); // the refresh stored it: no miss for the next shopper
      expect(plainAfter.body?.n).toBeGreaterThan(gzipped.body?.n ?? Infinity);
      expect(gzipAfter.edgeCache).toBe('HIT');
      expect(gzipAfter.body?.n).toBeGreaterThan(gzipped.body?.n ?? Infinity);
      expect(gzipAfter.body?.n).not.toBe(plainAfter.body?.n);
    });

    it('refreshes only the copies it holds: one nobody asked for costs no fetch, and its next shopper gets the new page', async () => {
      const gzipped = await get(port(), '/products/only-gzip', GZIP);
      const fetches = backend.seen.length;
      expect(await target().purge(['/products/only-gzip', '/products/never-seen'])).toEqual([
        { path: '/products/only-gzip', ok: true },
        { path: '/products/never-seen', ok: true },
      ]);
      expect(backend.seen.length - fetches, 'one fetch: the gzip copy, the only one held').toBe(1);
      expect(backend.seen.at(-1)?.['accept-encoding']).toBe('gzip');
      const gzipAfter = await get(port(), '/products/only-gzip', GZIP);
      expect(gzipAfter.edgeCache).toBe('HIT');
      expect(gzipAfter.body?.n).toBeGreaterThan(gzipped.body?.n ?? Infinity);
      const plain = await get(port(), '/products/only-gzip');
      expect(plain.edgeCache, 'the lookup stored nothing').toBe('MISS');
      expect(plain.body?.n).toBeGreaterThan(gzipAfter.body?.n ?? Infinity);
      expect((await get(port(), '/products/never-seen')).edgeCache).toBe('MISS');
    });

    it("has a lookup wait for a shopper's fetch of the copy in flight, so the refresh is stored after it", async () => {
      let release = () => {};
      heldBack = { url: '/products/slow', released: new Promise<void>((resolve) => (release = resolve)) };
      const fetches = backend.seen.length;
      const shopper = get(port(), '/products/slow');
      await expect.poll(() => backend.seen.length, { timeout: 5_000 }).toBe(fetches + 1);
      let old: Answer;
      let refreshing: ReturnType<ReturnType<typeof target>['purge']>;
      try {
        refreshing = target().purge(['/products/slow']);
        // Settled while the shopper's fetch is held back: the lookup did not wait for it.
        const early = await Promise.race([
          refreshing.then(() => 'settled'),
          new Promise((resolve) => setTimeout(() => resolve('waiting'), 700)),
        ]);
        expect(early).toBe('waiting');
      } finally {
        heldBack = undefined;
        release();
        old = await shopper;
      }
      expect(await refreshing).toEqual([{ path: '/products/slow', ok: true }]);
      const after = await get(port(), '/products/slow');
      expect(after.edgeCache).toBe('HIT');
      expect(after.body?.n, 'the refresh, not the older fetch').toBeGreaterThan(old.body?.n ?? Infinity);
    });

    it("answers anyone else's X-Edge-Lookup-Miss with the page, and never passes the header to the shop", async () => {
      const answer = await get(port(), '/products/outsider', { 'X-Edge-Lookup-Miss': '1' }, '127.0.0.2');
      expect(answer.status).toBe(200);
      expect(answer.body?.url).toBe('/products/outsider');
      expect(backend.seen.at(-1)?.['x-edge-lookup-miss']).toBeUndefined();
    });

    it('keeps one copy of a storefront page whatever its query string, asks Next for the bare path, and refreshes it', async () => {
      const first = await get(port(), '/categories/c?utm_source=newsletter');
      expect(first.body?.url).toBe('/categories/c');
      expect(await get(port(), '/categories/c')).toMatchObject({ edgeCache: 'HIT', body: first.body });
      await target().purge(['/categories/c']);
      const after = await get(port(), '/categories/c?utm_campaign=x');
      expect(after.edgeCache).toBe('HIT');
      expect(after.body?.n).toBeGreaterThan(first.body?.n ?? Infinity);
    });

    it("refreshes the shoppers' copy when the refresh names another Host (the key has none)", async () => {
      const shopper = await get(port(), '/', { Host: 'shop.test' });
      expect((await get(port(), '/', { Host: 'www.shop.test' })).edgeCache).toBe('HIT');
      const other = createNginxTarget({
        url: `http://127.0.0.1:${port()}`,
        shopHost: '10.0.0.9',
        refreshAgainAfterMs: 0,
      });
      await other.purge(['/']);
      expect((await get(port(), '/', { Host: 'shop.test' })).body?.n).toBeGreaterThan(shopper.body?.n ?? Infinity);
    });

    it('refuses a refresh from outside its ACL (403), which changes nothing', async () => {
      const cached = await get(port(), '/products/b');
      const outside = createNginxTarget({
        url: `http://127.0.0.1:${port()}`,
        shopHost: 'shop.test',
        localAddress: '127.0.0.2',
        refreshAgainAfterMs: 0,
      });
      expect(await outside.purge(['/products/b'])).toEqual([
        { path: '/products/b', ok: false, error: 'nginx: answered 403 to the refresh of /products/b' },
      ]);
      expect(await get(port(), '/products/b')).toMatchObject({ edgeCache: 'HIT', body: cached.body });
    });

    it("drops a storefront page's cookie, and never caches the cart or the API (their cookie goes through)", async () => {
      expect((await get(port(), '/products/c', { Cookie: 'session=s' })).body?.cookie).toBeNull();
      for (const urlPath of ['/cart', '/api/cart']) {
        const first = await get(port(), urlPath, { Cookie: 'session=s' });
        const second = await get(port(), urlPath, { Cookie: 'session=s' });
        expect(first.body?.cookie).toBe('session=s');
        expect(second.edgeCache).toBe('MISS');
        expect(second.body?.n).toBeGreaterThan(first.body?.n ?? Infinity);
      }
    });

    it("sends the Host as X-Forwarded-Host, not the client's", async () => {
      await get(port(), '/api/admin/logout', { Host: 'shop.test:8080', 'X-Forwarded-Host': 'evil.example' });
      expect(backend.seen.at(-1)?.['x-forwarded-host']).toBe('shop.test:8080');
    });
  },
);

/** nginx running compose.conf over a numbering web instance and worker. */
async function composeEdge() {
  const [web, worker] = [await startNumberingBackend('web'), await startNumberingBackend('worker')];
  const config: NginxEdgeConfig = {
    workDir: mkdtempSync(path.join(tmpdir(), 'storefront-nginx-compose-test-')),
    listenPort: await findFreePort(),
    backends: [{ host: '127.0.0.1', port: web.port }],
    refresher: { host: '127.0.0.1', port: worker.port },
    confPath: path.join(__dirname, 'compose.conf'),
  };
  return { web, worker, config };
}

async function stopComposeEdge({ web, worker, config }: Awaited<ReturnType<typeof composeEdge>>) {
  await stopNginx(config);
  rmSync(config.workDir, { recursive: true, force: true });
  // A server already closed by the test answers its callback with an error: closed all the same.
  await Promise.all([web, worker].map((b) => new Promise((resolve) => b.server.close(() => resolve(undefined)))));
}

describe.skipIf(shouldSkipFor(nginx ? undefined : 'nginx is not installed: the nginx edge config is not run'))(
  'nginx/compose.conf in a real nginx',
  () => {
    it("fetches the app's refreshes from the worker, shoppers' misses from the web instances", async () => {
      const { web, worker, config } = await composeEdge();
      try {
        await startNginx(config);
        const url = `http://127.0.0.1:${config.listenPort}`;
        await get(config.listenPort, '/products/w');
        expect([web.seen.length, worker.seen.length], 'a shopper miss goes to the web instance').toEqual([1, 0]);
        const target = createNginxTarget({ url, shopHost: 'shop.test', refreshAgainAfterMs: 0 });
        expect(await target.purge(['/products/w'])).toEqual([{ path: '/products/w', ok: true }]);
        expect([web.seen.length, worker.seen.length], 'the copy held refreshed from the worker, no other').toEqual([
          1, 1,
        ]);
        expect(await get(config.listenPort, '/products/w')).toMatchObject({
          edgeCache: 'HIT',
          body: { from: 'worker' },
        });
      } finally {
        await stopComposeEdge({ web, worker, config });
      }
    });

    it('sends the back office to the worker, and everything else a shopper asks for to the web instances', async () => {
      const { web, worker, config } = await composeEdge();
      try {
        await startNginx(config);
        const answeredBy = async (urlPath: string) => (await get(config.listenPort, urlPath)).body?.from;
        for (const urlPath of BACK_OFFICE_PATHS) expect(await answeredBy(urlPath), urlPath).toBe('worker');
        for (const urlPath of SHOPPER_PATHS) expect(await answeredBy(urlPath), urlPath).toBe('web');
        // The worker down: the back office goes to the web instances (its backups).
        await new Promise((resolve) => worker.server.close(resolve));
        for (const urlPath of BACK_OFFICE_PATHS)
          expect(await answeredBy(urlPath), `${urlPath}, worker down`).toBe('web');
      } finally {
        await stopComposeEdge({ web, worker, config });
      }
    });
  },
);

/** app1, app2 and every worker the compose file defines, the profiled ones too. */
function composeApps(): string[] {
  return ['app1', 'app2', ...composeWorkers];
}

describe('nginx/compose.conf', () => {
  const code = (file: string) =>
    readFileSync(path.join(__dirname, file), 'utf8')
      .replace(/#.*$/gm, '')
      .replace(/^\s*(server \S+:\d+[^;]*|listen [^;]+|172\.28\.0\.\d+ 1);\s*$/gm, '')
      .replace(/\s+/g, ' ')
      .trim();

  it('keeps the rules of default.conf: only the backends, the listen port and the app addresses differ', () => {
    expect(code('compose.conf')).toBe(code('default.conf'));
  });

  it('sends refreshes and the back office to the worker, with app1 and app2 as its backups (as scripts/lib/nginx.ts renders it)', () => {
    const conf = readFileSync(path.join(__dirname, 'compose.conf'), 'utf8');
    const servers = (/upstream refresher \{([^}]*)\}/.exec(conf)?.[1] ?? '').match(/^\s*server [^;]+;/gm) ?? [];
    expect(servers.map((line) => line.trim())).toEqual([
      'server worker:3000 max_fails=1 fail_timeout=5s;',
      'server app1:3000 backup;',
      'server app2:3000 backup;',
    ]);
  });

  it('lets the app and worker containers refresh, at the addresses docker-compose.yml gives them, and no one else', () => {
    const conf = readFileSync(path.join(__dirname, 'compose.conf'), 'utf8');
    const refreshers = (/geo \$edge_refresher \{([^}]*)\}/.exec(conf)?.[1] ?? '').match(/^\s*[\d.:a-f]+ 1;/gm) ?? [];
    expect(composeApps()).toEqual(['app1', 'app2', 'worker', 'worker-2']);
    const containers = composeApps().map((name) => compose.services[name]?.networks?.default?.ipv4_address);
    expect(refreshers.map((line) => line.trim().replace(' 1;', '')).sort()).toEqual(
      ['127.0.0.1', '::1', ...containers].sort(),
    );
    expect(conf).toMatch(/^\s*server app1:3000 /m);
    expect(conf).toMatch(/^\s*server app2:3000 /m);
  });
});

describe('docker-compose.yml, the nginx edge', () => {
  const edge = compose.services['nginx-edge'];

  it('runs nginx/compose.conf as the config nginx is started with', () => {
    const [mount] = (edge?.volumes ?? []).filter((volume) => volume.startsWith('./nginx/compose.conf:'));
    const inContainer = mount?.split(':')[1];
    expect(inContainer).toBeDefined();
    expect(edge?.command).toEqual(expect.arrayContaining(['-c', inContainer]));
  });

  it('is refreshed by the instances and the workers on the port it listens on', () => {
    const listen = /^\s*listen (\d+);/m.exec(readFileSync(path.join(__dirname, 'compose.conf'), 'utf8'))?.[1];
    for (const app of composeApps()) {
      const url = new URL(compose.services[app]?.environment?.EDGE_NGINX_URL ?? 'http://missing');
      expect(url.hostname).toBe('nginx-edge');
      expect(url.port || '80').toBe(listen);
    }
    expect(edge?.ports?.map((port) => port.split(':')[1])).toEqual([listen]);
  });
});
