import { afterEach, describe, expect, it } from 'vitest';
import { startStubServer, type StubServer } from '../../../testing/stub-server';
import { createNginxTarget } from './nginx';

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const copiesOf = (server: StubServer) =>
  server.requests
    .map((r) => [r.method, r.url, r.headers.host, r.headers['x-edge-refresh'], r.headers['accept-encoding'] ?? 'none'])
    .sort();

describe('the nginx edge target', () => {
  it("refreshes both copies of each page (gzip and plain), with the shoppers' Host", async () => {
    stub = await startStubServer(() => ({ status: 200 }));
    const nginx = createNginxTarget({ url: stub.url, shopHost: 'shop.example.com', refreshAgainAfterMs: 0 });
    expect(await nginx.purge(['/', '/products/a'])).toEqual([
      { path: '/', ok: true },
      { path: '/products/a', ok: true },
    ]);
    expect(copiesOf(stub)).toEqual([
      ['GET', '/', 'shop.example.com', '1', 'gzip'],
      ['GET', '/', 'shop.example.com', '1', 'none'],
      ['GET', '/products/a', 'shop.example.com', '1', 'gzip'],
      ['GET', '/products/a', 'shop.example.com', '1', 'none'],
    ]);
  });

  it('counts a page Next answers 404 (stored as such) as refreshed', async () => {
    stub = await startStubServer(() => ({ status: 404 }));
    const [result] = await createNginxTarget({ url: stub.url, shopHost: 'shop.example.com' }).purge(['/products/gone']);
    expect(result).toEqual({ path: '/products/gone', ok: true });
  });

  it('fails the page when one copy was not replaced (a 5xx is not stored: the old copy stays)', async () => {
    stub = await startStubServer((r) => ({ status: r.headers['accept-encoding'] === 'gzip' ? 503 : 200 }));
    const [result] = await createNginxTarget({ url: stub.url, shopHost: 'shop.example.com' }).purge(['/products/a']);
    expect(result).toEqual({
      path: '/products/a',
      ok: false,
      error: 'nginx: answered 503 to the refresh of /products/a',
    });
  });

  it('reports a refused refresh (403 outside the ACL) as a failure', async () => {
    stub = await startStubServer(() => ({ status: 403 }));
    const [result] = await createNginxTarget({ url: stub.url, shopHost: 'shop.example.com' }).purge(['/']);
    expect(result).toEqual({ path: '/', ok: false, error: 'nginx: answered 403 to the refresh of /' });
  });

  it('refreshes each refreshed page once more a little later, for a fetch that was in flight during the first', async () => {
    stub = await startStubServer(() => ({ status: 200 }));
    const nginx = createNginxTarget({ url: stub.url, shopHost: 'shop.example.com', refreshAgainAfterMs: 100 });
    await nginx.purge(['/products/a']);
    expect(stub.requests, 'the first refresh only, at first').toHaveLength(2);
    await expect.poll(() => stub?.requests.length, { timeout: 2_000 }).toBe(4);
  });

  it('reports nginx down as a failure, not a throw', async () => {
    stub = await startStubServer(() => ({ status: 200 }));
    const url = stub.url;
    await stub.close();
    stub = undefined;
    const [result] = await createNginxTarget({ url, shopHost: 'shop.example.com' }).purge(['/']);
    expect(result).toMatchObject({ path: '/', ok: false, error: expect.stringContaining('ECONNREFUSED') as string });
  });
});
