/**
 * Behind the shipped VCLs the app may trust X-Forwarded-Host (TRUSTED_PROXY_HOPS=1, for its CSRF
 * check, lib/http/same-origin.ts), so Varnish must write it itself and never pass the client's on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFreePort } from '../scripts/lib/free-port';
import {
  findVarnishd,
  startVarnish,
  stopVarnish,
  waitForHealthyBackends,
  type VarnishConfig,
} from '../scripts/lib/varnish';
import { startStubServer } from '../testing/stub-server';

async function configFor(file: string, backend: { host: string; port: number }): Promise<VarnishConfig> {
  const base = {
    workDir: mkdtempSync(path.join(tmpdir(), 'storefront-vcl-xfh-')),
    listenPort: await findFreePort(),
    vclPath: path.join(__dirname, file),
  };
  // compose.vcl balances two instances and refreshes from the worker: all three are the stub here.
  return file === 'compose.vcl'
    ? { ...base, backends: { app1: backend, app2: backend, worker: backend } }
    : { ...base, backendHost: backend.host, backendPort: backend.port };
}

describe.skipIf(!findVarnishd())('the shipped VCLs', () => {
  it.each(['default.vcl', 'compose.vcl'])("%s sends the Host as X-Forwarded-Host, not the client's", async (file) => {
    const shop = await startStubServer(() => ({ status: 200, body: {} }));
    const config = await configFor(file, { host: '127.0.0.1', port: Number(new URL(shop.url).port) });
    try {
      await startVarnish(config);
      if (file === 'compose.vcl') await waitForHealthyBackends(config, 20_000);
      const response = await fetch(`http://127.0.0.1:${config.listenPort}/api/admin/logout`, {
        method: 'POST',
        headers: { 'X-Forwarded-Host': 'evil.example' },
      });
      expect(response.status).toBe(200);
      const received = shop.requests.find((r) => r.url === '/api/admin/logout');
      expect(received?.headers['x-forwarded-host']).toBe(`127.0.0.1:${config.listenPort}`);
    } finally {
      await stopVarnish(config);
      await shop.close();
      rmSync(config.workDir, { recursive: true, force: true });
    }
  });
});
