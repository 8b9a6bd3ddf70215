import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/errors';

/**
 * CSRF defence for state-changing admin requests, on top of SameSite=Lax cookies: the
 * browser's Origin (or, failing that, Referer) must name this very host.
 */
export function assertSameOrigin(req: IncomingMessage): void {
  const host = req.headers['x-forwarded-host'] ?? req.headers.host;
  const source = req.headers.origin ?? req.headers.referer;
  if (!host || !source || hostOf(source) !== host) {
    throw new HttpError(403, 'Cross-site request refused');
  }
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
