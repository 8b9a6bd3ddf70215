import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The demo shop's REVALIDATE_SECRET when none is configured: random on first start, then kept
 * in the git-ignored .data folder so it stays the same across restarts.
 */
export function demoRevalidateSecret(root: string): string {
  const file = path.join(root, '.data', 'demo-revalidate-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(24).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
