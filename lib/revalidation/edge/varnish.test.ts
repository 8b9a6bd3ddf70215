import { afterEach, describe, expect, it } from 'vitest';
import { startStubServer, type StubAnswer, type StubServer } from '../../../testing/stub-server';
import { createVarnishTarget } from './varnish';

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

/** Varnish as the shipped VCL answers: a refresh says whether it stored the new copy; a PURGE purges. */
const varnishAnswering =
  (refresh: StubAnswer, purge: StubAnswer = { status: 200 }) =>
  (request: { method: string }) =>
    request.method === 'PURGE' ? purge : refresh;
/** The shipped VCL's answer when it replaced a held copy after any shopper's fetch in flight. */
const stored = { status: 200, headers: { 'X-Edge-Stored': 'yes', 'X-Edge-Held': 'yes' } };

describe('the Varnish edge target', () => {
  it("refreshes each path once, with the shoppers' Host, and sends no PURGE when the new copy was stored", async () => {
    stub = await startStubServer(varnishAnswering(stored));
    const varnish = createVarnishTarget({ url: stub.url, shopHost: 'shop.example.com' });
    const results = await varnish.purge(['/', '/products/a']);
    expect(results).toEqual([
      { path: '/', ok: true },
      { path: '/products/a', ok: true },
    ]);
    expect(stub.requests.map((r) => [r.method, r.url, r.headers.host, r.headers['x-edge-refresh']]).sort()).toEqual([
      ['GET', '/', 'shop.example.com', '1'],
      ['GET', '/products/a', 'shop.example.com', '1'],
    ]);
  });

  it('PURGEs a page whose refresh stored no new copy, so no shopper gets the old one', async () => {
    // A removed product: Next answers 404 uncacheable, and Varnish keeps serving the old copy
    // unless it is purged.
    stub = await startStubServer(varnishAnswering({ status: 404, headers: { 'X-Edge-Stored': 'no' } }));
    const varnish = createVarnishTarget({ url: stub.url, shopHost: 'shop.example.com', refreshAgainAfterMs: 0 });
    expect(await varnish.purge(['/products/gone'])).toEqual([{ path: '/products/gone', ok: true }]);
    expect(stub.requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', '/products/gone'],
      ['PURGE', '/products/gone'],
    ]);
  });

  it('PURGEs too behind a VCL that knows no refresh (no X-Edge-Stored answer)', async () => {
    stub = await startStubServer(varnishAnswering({ status: 200 }));
    const varnish = createVarnishTarget({ url: stub.url, shopHost: 'shop.example.com', refreshAgainAfterMs: 0 });
    expect(await varnish.purge(['/'])).toEqual([{ path: '/', ok: true }]);
    expect(stub.requests.map((r) => r.method)).toEqual(['GET', 'PURGE']);
  });

  it('sends nothing more for a page Varnish does not hold (nothing to replace, nothing to PURGE)', async () => {
    stub = await startStubServer(varnishAnswering({ status: 200, headers: { 'X-Edge-Held': 'no' } }));
    const varnish = createVarnishTarget({ url: stub.url, shopHost: 'shop.example.com' });
    expect(await varnish.purge(['/products/unseen'])).toEqual([{ path: '/products/unseen', ok: true }]);
    expect(stub.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /products/unseen']);
  });

  it.each([
    ['beside a fetch Varnish could not order it after (X-Edge-Held: unordered)', { 'X-Edge-Held': 'unordered' }],
    ['by a VCL without lookups (no X-Edge-Held)', {}],
  ])('refreshes once more a little later a page stored %s, and no page replaced in order', async (_, held) => {
    stub = await startStubServer((request) =>
      request.url === '/products/in-order' ? stored : { status: 200, headers: { 'X-Edge-Stored': 'yes', ...held } },
    );
    const varnish = createVarnishTarget({ url: stub.url, shopHost: 'shop.example.com', refreshAgainAfterMs: 100 });
    await varnish.purge(['/products/in-order', '/products/unordered']);
    const refreshes = (url: string) => stub?.requests.filter((r) => r.url === url).length;
    expect([refreshes('/products/in-order'), refreshes('/products/unordered')], 'one refresh each at first').toEqual([
      1, 1,
    ]);
    await expect.poll(() => refreshes('/products/unordered'), { timeout: 2_000 }).toBe(2);
    expect(refreshes('/products/in-order')).toBe(1);
  });

  it.each([
    ['unordered', { 'X-Edge-Held': 'unordered' }],
    ['no X-Edge-Held', {}],
  ])('PURGEs a page whose refresh stored nothing, and refreshes it once more a little later (%s)', async (_, held) => {
    stub = await startStubServer(varnishAnswering({ status: 404, headers: { 'X-Edge-Stored': 'no', ...held } }));
    const varnish = createVarnishTarget({ url: stub.url, shopHost: 'shop.example.com', refreshAgainAfterMs: 100 });
    expect(await varnish.purge(['/products/gone'])).toEqual([{ path: '/products/gone', ok: true }]);
    expect(stub.requests.map((r) => r.method)).toEqual(['GET', 'PURGE']);
    await expect
      .poll(() => stub?.requests.map((r) => r.method), { timeout: 2_000 })
      .toEqual(['GET', 'PURGE', 'GET', 'PURGE']);
  });

  it('sends nothing more for a path whose refresh and PURGE failed (the outbox retries it)', async () => {
    stub = await startStubServer(() => ({ status: 503 }));
    const varnish = createVarnishTarget({ url: stub.url, shopHost: 'shop.example.com' });
    const [result] = await varnish.purge(['/products/a']);
    expect(result).toEqual({
      path: '/products/a',
      ok: false,
      error: 'varnish answered 503 to the refresh of /products/a; varnish answered 503 to PURGE /products/a',
    });
    expect(stub.requests.map((r) => r.method)).toEqual(['GET', 'PURGE']);
  });

  it('reports a refused refresh and PURGE (405 outside the ACL) as a failure', async () => {
    stub = await startStubServer(() => ({ status: 405 }));
    const [result] = await createVarnishTarget({ url: stub.url, shopHost: 'shop.example.com' }).purge(['/']);
    expect(result).toEqual({
      path: '/',
      ok: false,
      error: 'varnish answered 405 to the refresh of /; varnish answered 405 to PURGE /',
    });
  });

  it('reports Varnish down as a failure, not a throw', async () => {
    stub = await startStubServer(() => ({ status: 200 }));
    const url = stub.url;
    await stub.close();
    stub = undefined;
    const [result] = await createVarnishTarget({ url, shopHost: 'shop.example.com' }).purge(['/']);
    expect(result).toMatchObject({ path: '/', ok: false, error: expect.stringContaining('ECONNREFUSED') as string });
  });
});
