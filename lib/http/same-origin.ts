import type { IncomingMessage } from 'node:http';
import { getEnv } from '../env';
import { HttpError } from './errors';

/**
 * CSRF defence for state-changing admin requests, on top of SameSite=Lax cookies: the
 * browser's Origin (or, failing that, Referer) must name this very host. The host is the
 * request's Host, or X-Forwarded-Host when a proxy we trust sits in front (TRUSTED_PROXY_HOPS);
 * without one, X-Forwarded-Host is whatever the client wrote and counts for nothing.
 * Schemes are not compared: behind a TLS proxy the app cannot tell them apart without trusting
 * X-Forwarded-Proto too, and HSTS keeps a browser that has seen the shop off its http:// pages.
 */
export function assertSameOrigin(req: IncomingMessage, trustedProxyHops = getEnv().TRUSTED_PROXY_HOPS): void {
  const host = requestHost(req, trustedProxyHops);
  const source = req.headers.origin ?? req.headers.referer;
  if (!host || !source || hostOf(source) !== host) {
    throw new HttpError(403, 'Cross-site request refused');
  }
}

/**
 * The host the browser asked for. A trusted proxy that rewrites Host puts the original in
 * X-Forwarded-Host; of a list, the last entry is the one our nearest proxy wrote.
 */
function requestHost(req: IncomingMessage, trustedProxyHops: number): string | undefined {
  const forwarded = trustedProxyHops > 0 ? lastEntry(req.headers['x-forwarded-host']) : undefined;
  return forwarded ?? req.headers.host;
}

function lastEntry(header: string | string[] | undefined): string | undefined {
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries[entries.length - 1];
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/**
 * The shop's origin as the shopper's browser names it (scheme and host), for links Stripe sends
 * the shopper back to. Call after assertSameOrigin, which has checked that it is this host.
 */
export function requestOrigin(req: IncomingMessage): string {
  const source = req.headers.origin ?? req.headers.referer;
  if (!source) throw new HttpError(403, 'Cross-site request refused');
  return new URL(source).origin;
}
