import type { IncomingMessage } from 'node:http';

/**
 * The client's address, for per-IP rate limits. X-Forwarded-For is whatever the client wrote
 * until a proxy we trust appends to it, so only the entries our own `trustedProxyHops` proxies
 * added count: the n-th from the right is the address the outermost of them saw. With no
 * trusted proxy (the default), or a header shorter than that, it is the socket's peer.
 */
export function clientIp(req: IncomingMessage, trustedProxyHops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxyHops <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return hops[hops.length - trustedProxyHops] ?? peer;
}
