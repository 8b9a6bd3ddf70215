import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HttpError } from './errors';
import { assertSameOrigin } from './same-origin';

function request(headers: Record<string, string | undefined>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

function statusOf(check: () => void): number {
  try {
    check();
    return 200;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

describe('assertSameOrigin', () => {
  it("accepts the browser's Origin, or Referer without one, when it names the Host", () => {
    expect(statusOf(() => assertSameOrigin(request({ host: 'shop.example', origin: 'https://shop.example' }), 0))).toBe(
      200,
    );
    const viaReferer = request({ host: 'shop.example', referer: 'https://shop.example/admin/bulk' });
    expect(statusOf(() => assertSameOrigin(viaReferer, 0))).toBe(200);
  });

  it('refuses another origin, a missing one and an unparsable one', () => {
    expect(statusOf(() => assertSameOrigin(request({ host: 'shop.example', origin: 'https://evil.example' }), 0))).toBe(
      403,
    );
    expect(statusOf(() => assertSameOrigin(request({ host: 'shop.example' }), 0))).toBe(403);
    expect(statusOf(() => assertSameOrigin(request({ host: 'shop.example', origin: 'null' }), 0))).toBe(403);
  });

  it('ignores X-Forwarded-Host without a trusted proxy: a forged one matching the Origin is refused', () => {
    const forged = request({
      host: 'shop.example',
      'x-forwarded-host': 'evil.example',
      origin: 'https://evil.example',
    });
    expect(statusOf(() => assertSameOrigin(forged, 0))).toBe(403);
    const honest = request({
      host: 'shop.example',
      'x-forwarded-host': 'evil.example',
      origin: 'https://shop.example',
    });
    expect(statusOf(() => assertSameOrigin(honest, 0))).toBe(200);
  });

  it("uses the trusted proxy's X-Forwarded-Host (its last entry) with TRUSTED_PROXY_HOPS set", () => {
    const proxied = { host: '10.0.0.5:3000', 'x-forwarded-host': 'shop.example' };
    expect(statusOf(() => assertSameOrigin(request({ ...proxied, origin: 'https://shop.example' }), 1))).toBe(200);
    expect(statusOf(() => assertSameOrigin(request({ ...proxied, origin: 'http://10.0.0.5:3000' }), 1))).toBe(403);
    // The client prepended a value; our proxy appended the host it saw.
    const appended = request({
      host: '10.0.0.5:3000',
      'x-forwarded-host': 'evil.example, shop.example',
      origin: 'https://evil.example',
    });
    expect(statusOf(() => assertSameOrigin(appended, 1))).toBe(403);
    expect(statusOf(() => assertSameOrigin(request({ host: 'shop.example', origin: 'https://shop.example' }), 1))).toBe(
      200,
    );
  });
});
