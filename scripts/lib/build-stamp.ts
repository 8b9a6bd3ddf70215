/**
 * Decides whether `next build` must run again: the build records a hash of everything its
 * pages were made from (every source file, the database and the settings that shape the
 * pages), and a later start compares it with the current ones.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SOURCES = [
  'pages',
  'components',
  'islands',
  'lib',
  'styles',
  'public',
  'next.config.ts',
  'package.json',
  'tsconfig.json',
  'prisma/schema.prisma',
];
const SKIPPED = new Set(['generated', 'node_modules']);

/**
 * Not just sources: static pages are rendered from the database and shaped by these settings,
 * so a build made against another database (or with other values) shows other pages.
 */
export const BUILD_SETTINGS = [
  'DATABASE_URL',
  'CATEGORY_PAGE_SIZE',
  'PRERENDER_PRODUCT_COUNT',
  'ISR_SAFETY_TTL_SECONDS',
  'PUBLIC_SHOP_URL',
];

/**
 * One hash of every input. The stamp holds only this digest, never DATABASE_URL itself (it
 * may contain a password).
 */
export function buildInputsHash(root: string, env: Record<string, string | undefined>): string {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap((entry) => listFiles(path.join(root, entry)))) {
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const name of BUILD_SETTINGS) hash.update(`${name}=${env[name] ?? ''}`).update('\0');
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

/** `env`: the environment `next build` runs (or ran) with. */
export function buildIsCurrent(root: string, distDir: string, env: Record<string, string | undefined>): boolean {
  const stamp = stampFile(distDir);
  if (!existsSync(path.join(distDir, 'BUILD_ID')) || !existsSync(stamp)) return false;
  return readFileSync(stamp, 'utf8') === buildInputsHash(root, env);
}

export function recordBuild(root: string, distDir: string, env: Record<string, string | undefined>): void {
  writeFileSync(stampFile(distDir), buildInputsHash(root, env));
}
