import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendEdgeRequest } from './edge-request';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('sendEdgeRequest', () => {
  it('sends one request after another over the connection it already has open', async () => {
    let connections = 0;
    server = createServer((_, res) => res.writeHead(200).end('ok'));
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const path of ['/a', '/b', '/c', '/d']) {
      expect(await sendEdgeRequest({ url, method: 'GET', path, headers: { Host: 'shop.test' } })).toBe(200);
    }
    expect(connections).toBe(1);
  });
});
