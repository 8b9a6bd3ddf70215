/**
 * Decides whether `next build` must run again: the build records a hash of every source file
 * it was made from, and a later start compares it with the working tree.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SOURCES = ['pages', 'components', 'lib', 'styles', 'public', 'next.config.ts', 'package.json', 'tsconfig.json'];
const SKIPPED = new Set(['generated', 'node_modules']);

export function sourceHash(root: string): string {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap((entry) => listFiles(path.join(root, entry)))) {
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function listFiles(entry: string): string[] {
  if (!existsSync(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry)
    .filter((name) => !SKIPPED.has(name) && !name.endsWith('.test.ts'))
    .sort()
    .flatMap((name) => listFiles(path.join(entry, name)));
}

function stampFile(distDir: string): string {
  return path.join(distDir, 'storefront-source-hash');
}

export function buildIsCurrent(root: string, distDir: string): boolean {
  const stamp = stampFile(distDir);
  if (!existsSync(path.join(distDir, 'BUILD_ID')) || !existsSync(stamp)) return false;
  return readFileSync(stamp, 'utf8') === sourceHash(root);
}

export function recordBuild(root: string, distDir: string): void {
  writeFileSync(stampFile(distDir), sourceHash(root));
}
