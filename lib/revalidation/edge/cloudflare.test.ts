import { afterEach, describe, expect, it } from 'vitest';
import { createCloudflareTarget } from './cloudflare';
import { startStubServer, type RecordedRequest, type StubAnswer, type StubServer } from '../../../testing/stub-server';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const TOKEN = 'test-token-0123456789abcdef';

/** Answers like api.cloudflare.com: purge_cache with a Bearer token, {success, errors, result}. */
function cloudflareApi(failures: { status: number; times: number } = { status: 0, times: 0 }) {
  let failed = 0;
  return (req: RecordedRequest): StubAnswer => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      return { status: 403, body: { success: false, errors: [{ code: 10000, message: 'Authentication error' }] } };
    }
    if (req.method !== 'POST' || req.url !== `/client/v4/zones/${ZONE}/purge_cache`) {
      return { status: 404, body: { success: false, errors: [{ code: 7003, message: 'No route' }] } };
    }
    if (failed < failures.times) {
      failed += 1;
      return { status: failures.status, body: { success: false, errors: [{ code: 10013, message: 'Try again' }] } };
    }
    return { status: 200, body: { success: true, errors: [], messages: [], result: { id: ZONE } } };
  };
}

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const target = (url: string, token = TOKEN) =>
  createCloudflareTarget({
    zoneId: ZONE,
    apiToken: token,
    apiBase: `${url}/client/v4`,
    publicOrigin: 'https://shop.example.com',
    batchSize: 30,
  });

const paths = (n: number) => Array.from({ length: n }, (_, i) => `/products/p${i}`);

describe('the Cloudflare edge target', () => {
  it('purges full URLs in batches of at most 30 per call', async () => {
    stub = await startStubServer(cloudflareApi());
    const results = await target(stub.url).purge(paths(65));
    expect(results.every((r) => r.ok)).toBe(true);
    const batches = stub.requests.map((r) => (JSON.parse(r.body) as { files: string[] }).files);
    expect(batches.map((files) => files.length)).toEqual([30, 30, 5]);
    expect(batches.flat()).toEqual(paths(65).map((p) => `https://shop.example.com${p}`));
    expect(stub.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('reports an authentication error for every path, with the API message', async () => {
    stub = await startStubServer(cloudflareApi());
    const results = await target(stub.url, 'wrong-token-0123456789').purge(['/', '/products/a']);
    expect(results).toEqual([
      { path: '/', ok: false, error: 'cloudflare answered 403: 10000 Authentication error' },
      { path: '/products/a', ok: false, error: 'cloudflare answered 403: 10000 Authentication error' },
    ]);
  });

  it('fails a batch on a 5xx and succeeds when called again (the outbox retries it)', async () => {
    stub = await startStubServer(cloudflareApi({ status: 503, times: 1 }));
    const cdn = target(stub.url);
    const first = await cdn.purge(['/products/a']);
    expect(first).toEqual([{ path: '/products/a', ok: false, error: 'cloudflare answered 503: 10013 Try again' }]);
    expect(await cdn.purge(['/products/a'])).toEqual([{ path: '/products/a', ok: true }]);
  });

  it('fails every path when the API cannot be reached', async () => {
    stub = await startStubServer(cloudflareApi());
    const url = stub.url;
    await stub.close();
    stub = undefined;
    const [result] = await target(url).purge(['/']);
    expect(result).toMatchObject({ path: '/', ok: false });
  });
});
