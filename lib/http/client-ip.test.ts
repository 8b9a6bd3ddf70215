import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip';

function request(forwardedFor?: string | string[], peer = '10.0.0.9'): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
}

describe('clientIp', () => {
  it('uses the socket address and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientIp(request('6.6.6.6'), 0)).toBe('10.0.0.9');
  });

  it('takes the n-th entry from the right with n trusted proxies, never what the client prepended', () => {
    // The client forged 6.6.6.6; our proxy appended the address it saw, 203.0.113.7.
    expect(clientIp(request('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    // Two proxies: the outer one appended the client, the inner one appended the outer proxy.
    expect(clientIp(request('6.6.6.6, 203.0.113.7, 10.1.1.1'), 2)).toBe('203.0.113.7');
    expect(clientIp(request(['6.6.6.6, 203.0.113.7', '10.1.1.1']), 2)).toBe('203.0.113.7');
  });

  it('falls back to the socket address when the header is missing or shorter than the hops', () => {
    expect(clientIp(request(undefined), 1)).toBe('10.0.0.9');
    expect(clientIp(request('203.0.113.7'), 2)).toBe('10.0.0.9');
    expect(clientIp(request(' , '), 1)).toBe('10.0.0.9');
  });
});
