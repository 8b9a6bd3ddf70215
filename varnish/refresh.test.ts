/**
 * The shipped VCLs' refresh in a real varnishd, driven by the app's Varnish target: the page is
 * replaced in place (the next shopper gets the new copy as a hit), compose.vcl fetches it from the
 * worker, not from the web instances, and a refresh that stores nothing is followed by a PURGE. A
 * page Varnish does not hold costs no fetch, and a refresh waits for a fetch already in flight.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sendEdgeRequestFor } from '../lib/revalidation/edge/edge-request';
import { createVarnishTarget } from '../lib/revalidation/edge/varnish';
import { findFreePort } from '../scripts/lib/free-port';
import {
  findVarnishd,
  startVarnish,
  stopVarnish,
  waitForHealthyBackends,
  type VarnishConfig,
} from '../scripts/lib/varnish';
import { shouldSkipFor } from '../scripts/lib/required-services';
import { BACK_OFFICE_PATHS, SHOPPER_PATHS } from '../testing/edge-routes';
import { startStubServer, type RecordedRequest, type StubServer } from '../testing/stub-server';

/** A shop instance that numbers its page answers; `gone` pages answer Next's uncacheable 404. */
async function startShop(name: string, gone: Set<string>): Promise<StubServer> {
  let n = 0;
  return startStubServer((request: RecordedRequest) => {
    if (request.url.startsWith('/api/health')) return { status: 200 };
    n += 1;
    if (gone.has(request.url)) {
      return { status: 404, body: { from: name, n }, headers: { 'Cache-Control': 'private, no-cache, no-store' } };
    }
    return { status: 200, body: { from: name, n }, headers: { 'Cache-Control': 's-maxage=31536000' } };
  });
}

async function page(port: number, urlPath: string): Promise<{ status: number; cache: string | null; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${port}${urlPath}`);
  const text = await response.text();
  // Varnish's own error page (its backend down) is HTML; the shops answer JSON.
  const json = (response.headers.get('content-type') ?? '').includes('json');
  return { status: response.status, cache: response.headers.get('x-edge-cache'), body: json ? JSON.parse(text) : text };
}

/**
 * A varnishd running `file` in front of the stubs: default.vcl has one backend (the web stub, which
 * answers the refreshes too); compose.vcl has app1 and app2 (both the web stub) and the worker.
 */
async function varnishConfigFor(file: string, web: StubServer, worker: StubServer): Promise<VarnishConfig> {
  const address = (server: StubServer) => ({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
  const base = {
    workDir: mkdtempSync(path.join(tmpdir(), 'storefront-vcl-refresh-')),
    listenPort: await findFreePort(),
    vclPath: path.join(__dirname, file),
  };
  return file === 'compose.vcl'
    ? { ...base, backends: { app1: address(web), app2: address(web), worker: address(worker) } }
    : { ...base, backendHost: '127.0.0.1', backendPort: address(web).port };
}

const pages = (shop: StubServer) => shop.requests.filter((r) => !r.url.startsWith('/api/health')).length;

describe.skipIf(shouldSkipFor(findVarnishd() ? undefined : 'varnishd is not installed: the VCLs are not run'))(
  'the shipped VCLs refresh a page in place',
  () => {
    it.each(['default.vcl', 'compose.vcl'])('%s', async (file) => {
      const gone = new Set<string>();
      const [web, worker] = [await startShop('web', gone), await startShop('worker', gone)];
      const config = await varnishConfigFor(file, web, worker);
      // default.vcl has the shop alone: it answers the refresh too.
      const refresher = file === 'compose.vcl' ? worker : web;
      const varnish = createVarnishTarget({ url: `http://127.0.0.1:${config.listenPort}`, shopHost: 'shop.test' });
      try {
        await startVarnish(config);
        if (file === 'compose.vcl') await waitForHealthyBackends(config, 20_000);
        const port = config.listenPort;
        const first = await page(port, '/products/a');
        expect(await page(port, '/products/a')).toEqual({ ...first, cache: 'HIT' });
        const before = pages(refresher);

        expect(await varnish.purge(['/products/a'])).toEqual([{ path: '/products/a', ok: true }]);
        expect(pages(refresher) - before, 'one fetch, from the refresher').toBe(1);
        // What the app reads: stored, and after any shopper's fetch in flight (no second refresh).
        const answer = await sendEdgeRequestFor({
          url: `http://127.0.0.1:${port}`,
          method: 'GET',
          path: '/products/a',
          headers: { Host: 'shop.test', 'X-Edge-Refresh': '1' },
        });
        expect([answer.headers['x-edge-stored'], answer.headers['x-edge-held']]).toEqual(['yes', 'yes']);
        const refreshed = await page(port, '/products/a');
        expect(refreshed.cache, 'the next shopper gets a hit').toBe('HIT');
        expect((refreshed.body as { from: string }).from).toBe(refresher === worker ? 'worker' : 'web');
        expect(refreshed.body).not.toEqual(first.body);

        // Not held: nothing to replace, no fetch; the next shopper's miss gets the page.
        const fetchesBefore = pages(refresher) + pages(web);
        expect(await varnish.purge(['/products/unseen'])).toEqual([{ path: '/products/unseen', ok: true }]);
        expect(pages(refresher) + pages(web) - fetchesBefore, 'a page not held costs no fetch').toBe(0);
        expect(await page(port, '/products/unseen')).toMatchObject({ status: 200, cache: 'MISS' });

        // Removed: Next's 404 is not kept, so the old copy must not be served either.
        gone.add('/products/a');
        expect(await varnish.purge(['/products/a'])).toEqual([{ path: '/products/a', ok: true }]);
        expect((await page(port, '/products/a')).status).toBe(404);

        // The refresher down: Varnish's own 503 is no new copy, so the app PURGEs and no shopper
        // is served the copy the refresh could not replace.
        const kept = await page(port, '/products/b');
        expect(await page(port, '/products/b')).toEqual({ ...kept, cache: 'HIT' });
        await refresher.close();
        expect(await varnish.purge(['/products/b'])).toEqual([{ path: '/products/b', ok: true }]);
        const after = await page(port, '/products/b');
        expect(after.body, 'the old copy is gone').not.toEqual(kept.body);
        // compose.vcl: a web instance answers the next shopper; default.vcl has no other backend.
        expect(after.status).toBe(file === 'compose.vcl' ? 200 : 503);
      } finally {
        await stopVarnish(config);
        await Promise.all([web.close(), worker.close()].map((closed) => closed.catch(() => undefined)));
        rmSync(config.workDir, { recursive: true, force: true });
      }
    });
  },
);

/** Varnish's count of requests that waited for a fetch of the same object in flight. */
function busySleeps(config: VarnishConfig): number {
  const run = spawnSync('varnishstat', ['-n', path.join(config.workDir, 'work'), '-1', '-j', '-f', 'MAIN.busy_sleep'], {
    encoding: 'utf8',
  });
  const counters = (JSON.parse(run.stdout) as { counters: Record<string, { value: number }> }).counters;
  return counters['MAIN.busy_sleep']?.value ?? 0;
}

/**
 * A shop whose page answers the test steers: each says which version the shop had when asked, an
 * answer can be held back until the test releases it, and a page can be answered uncacheable.
 */
function steeredShop() {
  const state = { version: 'old', cacheControl: 's-maxage=31536000', holdNext: false };
  let release = () => {};
  const hold = () => {
    state.holdNext = true;
    const held = new Promise<void>((resolve) => (release = resolve));
    return { held, release: () => release() };
  };
  let current = hold();
  state.holdNext = false;
  const answer = (name: string) => async (request: RecordedRequest) => {
    if (request.url.startsWith('/api/health')) return { status: 200 };
    const body = { from: name, version: state.version }; // what the shop had when asked
    const headers = { 'Cache-Control': state.cacheControl };
    if (state.holdNext) {
      state.holdNext = false;
      await current.held;
    }
    return { status: 200, body, headers };
  };
  return {
    state,
    answer,
    holdNextFetch: () => (current = hold()),
    releaseAll: () => current.release(),
  };
}

/** Runs `scenario` against each shipped VCL in a real varnishd, in front of a steered web and worker. */
function eachVcl(
  scenario: (context: {
    port: number;
    config: VarnishConfig;
    shop: ReturnType<typeof steeredShop>;
    web: StubServer;
    refresher: StubServer;
  }) => Promise<void>,
) {
  return async (file: string) => {
    const shop = steeredShop();
    const [web, worker] = [await startStubServer(shop.answer('web')), await startStubServer(shop.answer('worker'))];
    const config = await varnishConfigFor(file, web, worker);
    try {
      await startVarnish(config);
      if (file === 'compose.vcl') await waitForHealthyBackends(config, 20_000);
      const refresher = file === 'compose.vcl' ? worker : web;
      await scenario({ port: config.listenPort, config, shop, web, refresher });
    } finally {
      shop.releaseAll();
      await stopVarnish(config);
      await Promise.all([web.close(), worker.close()]);
      rmSync(config.workDir, { recursive: true, force: true });
    }
  };
}

const varnishd = findVarnishd();
describe.skipIf(shouldSkipFor(varnishd ? undefined : 'varnishd is not installed: the VCLs are not run'))(
  'a refresh and a shopper fetch already in flight',
  () => {
    const targetAt = (port: number) =>
      createVarnishTarget({ url: `http://127.0.0.1:${port}`, shopHost: 'shop.test', refreshAgainAfterMs: 0 });

    /**
     * The shopper's fetch reached the shop before the page was regenerated and answers after the
     * refresh: stored after it, it would leave the old page at the edge for an hour. The refresh
     * must wait for it, and store its copy after.
     */
    async function refreshWaitsFor(
      shopperFetch: Promise<unknown>,
      { port, config, shop }: Parameters<Parameters<typeof eachVcl>[0]>[0],
    ) {
      shop.state.version = 'new'; // the regeneration lands while the shopper's fetch is in flight
      const sleepsBefore = busySleeps(config);
      const refreshing = targetAt(port).purge(['/products/slow']);
      await expect
        .poll(() => busySleeps(config), { timeout: 5_000, message: 'the refresh waits for the fetch in flight' })
        .toBeGreaterThan(sleepsBefore);
      shop.releaseAll();
      await shopperFetch;
      expect(await refreshing).toEqual([{ path: '/products/slow', ok: true }]);
      expect(await page(port, '/products/slow'), 'the refresh is stored after the old fetch').toMatchObject({
        cache: 'HIT',
        body: { version: 'new' },
      });
    }

    it.each(['default.vcl', 'compose.vcl'])(
      'a page not held yet: the refresh waits for the miss in flight (%s)',
      eachVcl(async (context) => {
        const { port, shop, web } = context;
        shop.holdNextFetch();
        const shopperMiss = page(port, '/products/slow');
        await expect.poll(() => pages(web), { timeout: 5_000 }).toBe(1);
        await refreshWaitsFor(shopperMiss, context);
        expect((await shopperMiss).body).toMatchObject({ version: 'old' });
      }),
    );

    it.each(['default.vcl', 'compose.vcl'])(
      'a copy past its time: no grace, so the refresh waits for its fetch rather than replacing the stale copy beside it (%s)',
      eachVcl(async (context) => {
        const { port, shop, web } = context;
        shop.state.cacheControl = 's-maxage=1';
        expect(await page(port, '/products/slow')).toMatchObject({ status: 200, cache: 'MISS' });
        // Varnish's clock, not ours: wait until the copy it holds is past its second.
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        shop.state.cacheControl = 's-maxage=31536000';
        shop.holdNextFetch();
        const shopperFetch = page(port, '/products/slow');
        await expect.poll(() => pages(web), { timeout: 5_000 }).toBe(2);
        await refreshWaitsFor(shopperFetch, context);
      }),
    );

    it.each(['default.vcl', 'compose.vcl'])(
      'a page Varnish last did not keep (hit-for-miss): fetched all the same, and refreshed again a moment later (%s)',
      eachVcl(async ({ port, shop, refresher }) => {
        shop.state.cacheControl = 'private, no-store';
        expect(await page(port, '/products/flaky')).toMatchObject({ status: 200, cache: 'MISS' });
        shop.state.cacheControl = 's-maxage=31536000';
        shop.state.version = 'new';
        const fetched = () => refresher.requests.filter((r) => r.url === '/products/flaky').length;
        const before = fetched();
        const varnish = createVarnishTarget({
          url: `http://127.0.0.1:${port}`,
          shopHost: 'shop.test',
          refreshAgainAfterMs: 100,
        });
        expect(await varnish.purge(['/products/flaky'])).toEqual([{ path: '/products/flaky', ok: true }]);
        expect(fetched() - before, 'fetched although no copy is held').toBe(1);
        await expect.poll(() => fetched() - before, { timeout: 3_000, message: 'refreshed again' }).toBe(2);
        expect(await page(port, '/products/flaky')).toMatchObject({ cache: 'HIT', body: { version: 'new' } });
      }),
    );
  },
);

describe.skipIf(shouldSkipFor(varnishd ? undefined : 'varnishd is not installed: the VCLs are not run'))(
  'compose.vcl and the back office',
  () => {
    it('sends the back office to the worker, and everything else a shopper asks for to the web instances', async () => {
      const [web, worker] = [await startShop('web', new Set()), await startShop('worker', new Set())];
      const config = await varnishConfigFor('compose.vcl', web, worker);
      try {
        await startVarnish(config);
        await waitForHealthyBackends(config, 20_000);
        const answeredBy = async (urlPath: string) =>
          ((await page(config.listenPort, urlPath)).body as { from?: string } | null)?.from;
        for (const urlPath of BACK_OFFICE_PATHS) expect(await answeredBy(urlPath), urlPath).toBe('worker');
        for (const urlPath of SHOPPER_PATHS) expect(await answeredBy(urlPath), urlPath).toBe('web');
        // The worker down: once its probe says so, the back office goes to app1 and app2.
        await worker.close();
        await expect
          .poll(() => answeredBy('/admin'), { timeout: 30_000, interval: 500, message: 'sent to the web instances' })
          .toBe('web');
        for (const urlPath of BACK_OFFICE_PATHS)
          expect(await answeredBy(urlPath), `${urlPath}, worker down`).toBe('web');
      } finally {
        await stopVarnish(config);
        await Promise.all([web.close(), worker.close().catch(() => undefined)]);
        rmSync(config.workDir, { recursive: true, force: true });
      }
    });
  },
);
