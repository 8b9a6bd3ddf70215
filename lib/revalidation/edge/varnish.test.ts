import { afterEach, describe, expect, it } from 'vitest';
import { startStubServer, type StubServer } from '../../../testing/stub-server';
import { createVarnishTarget } from './varnish';

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

describe('the Varnish edge target', () => {
  it("sends one PURGE per path with the shoppers' Host", async () => {
    stub = await startStubServer(() => ({ status: 200 }));
    const varnish = createVarnishTarget({ url: stub.url, shopHost: 'shop.example.com', repurgeAfterMs: 0 });
    const results = await varnish.purge(['/', '/products/a']);
    expect(results).toEqual([
      { path: '/', ok: true },
      { path: '/products/a', ok: true },
    ]);
    expect(stub.requests.map((r) => [r.method, r.url, r.headers.host]).sort()).toEqual([
      ['PURGE', '/', 'shop.example.com'],
      ['PURGE', '/products/a', 'shop.example.com'],
    ]);
  });

  it('purges each purged path once more a little later, for a fetch that was in flight during the first', async () => {
    stub = await startStubServer(() => ({ status: 200 }));
    const varnish = createVarnishTarget({ url: stub.url, shopHost: 'shop.example.com', repurgeAfterMs: 100 });
    await varnish.purge(['/products/a']);
    expect(
      stub.requests.map((r) => r.url),
      'the first PURGE only, at first',
    ).toEqual(['/products/a']);
    await expect
      .poll(() => stub?.requests.map((r) => r.url), { timeout: 2_000 })
      .toEqual(['/products/a', '/products/a']);
  });

  it('sends no second PURGE for a path whose first one failed (the outbox retries it)', async () => {
    stub = await startStubServer(() => ({ status: 503 }));
    const varnish = createVarnishTarget({ url: stub.url, shopHost: 'shop.example.com', repurgeAfterMs: 50 });
    await varnish.purge(['/products/a']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stub.requests).toHaveLength(1);
  });

  it('reports a refused PURGE (405 outside the ACL) as a failure', async () => {
    stub = await startStubServer(() => ({ status: 405 }));
    const [result] = await createVarnishTarget({ url: stub.url, shopHost: 'shop.example.com' }).purge(['/']);
    expect(result).toEqual({ path: '/', ok: false, error: 'varnish answered 405 to PURGE /' });
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
