import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextApiRequest } from 'next';

/**
 * Constant-time comparison. Both sides are hashed first so their lengths match and the
 * time taken reveals neither the secret's length nor how much of it was guessed.
 */
export function secretsMatch(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function bearerToken(req: NextApiRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}
