import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A secret the demo shop needs when none is configured: made by `create` on first start, then
 * kept in the git-ignored .data folder (readable by its owner only) so it stays the same across
 * restarts. `name` picks the file: `.data/demo-<name>`.
 */
export function demoSecret(root: string, name: string, create: () => string): string {
  const file = path.join(root, '.data', `demo-${name}`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = create();
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** A `create` for demoSecret: `bytes` random bytes as hex (twice as many characters). */
export function randomHex(bytes: number): () => string {
  return () => randomBytes(bytes).toString('hex');
}
