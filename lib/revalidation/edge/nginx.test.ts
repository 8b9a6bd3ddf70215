import { afterEach, describe, expect, it } from 'vitest';
import { startStubServer, type RecordedRequest, type StubAnswer, type StubServer } from '../../../testing/stub-server';
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

/** nginx as the shipped config answers: a lookup says what it holds of each copy; a refresh, Next's status. */
const holding =
  (held: (url: string, encoding: string) => string, refresh: StubAnswer = { status: 200 }) =>
  (request: RecordedRequest): StubAnswer =>
    request.headers['x-edge-refresh'] === 'lookup'
      ? { status: 200, headers: { 'X-Edge-Lookup': held(request.url, request.headers['accept-encoding'] ?? 'none') } }
      : refresh;

describe('the nginx edge target', () => {
  it("looks both copies of each page up (gzip and plain) and refreshes the ones nginx holds, with the shoppers' Host", async () => {
    stub = await startStubServer(holding((url, encoding) => (url === '/' || encoding === 'gzip' ? 'HIT' : 'MISS')));
    const nginx = createNginxTarget({ url: stub.url, shopHost: 'shop.example.com', refreshAgainAfterMs: 0 });
    expect(await nginx.purge(['/', '/products/a'])).toEqual([
      { path: '/', ok: true },
      { path: '/products/a', ok: true },
    ]);
    expect(copiesOf(stub)).toEqual([
      ['GET', '/', 'shop.example.com', '1', 'gzip'],
      ['GET', '/', 'shop.example.com', '1', 'none'],
      ['GET', '/products/a', 'shop.example.com', '1', 'gzip'],
      ['HEAD', '/', 'shop.example.com', 'lookup', 'gzip'],
      ['HEAD', '/', 'shop.example.com', 'lookup', 'none'],
      ['HEAD', '/products/a', 'shop.example.com', 'lookup', 'gzip'],
      ['HEAD', '/products/a', 'shop.example.com', 'lookup', 'none'],
    ]);
  });

  it('refreshes both copies behind a config that answers no lookup, as before lookups', async () => {
    stub = await startStubServer(() => ({ status: 200 }));
    const nginx = createNginxTarget({ url: stub.url, shopHost: 'shop.example.com', refreshAgainAfterMs: 0 });
    expect(await nginx.purge(['/products/a'])).toEqual([{ path: '/products/a', ok: true }]);
    expect(copiesOf(stub).filter(([method]) => method === 'GET')).toEqual([
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

  it('refreshes a copy held past its hour once more a little later (a fetch may be in flight), and no other', async () => {
    stub = await startStubServer(holding((url) => (url === '/products/expired' ? 'EXPIRED' : 'HIT')));
    const nginx = createNginxTarget({ url: stub.url, shopHost: 'shop.example.com', refreshAgainAfterMs: 100 });
    await nginx.purge(['/products/fresh', '/products/expired']);
    const refreshes = (url: string) => stub?.requests.filter((r) => r.method === 'GET' && r.url === url).length;
    expect(
      [refreshes('/products/fresh'), refreshes('/products/expired')],
      'the first refreshes only, at first',
    ).toEqual([2, 2]);
    await expect.poll(() => refreshes('/products/expired'), { timeout: 2_000 }).toBe(4);
    expect(refreshes('/products/fresh'), 'a copy within its hour has no fetch in flight').toBe(2);
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
