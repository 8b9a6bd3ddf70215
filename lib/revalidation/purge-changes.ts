import type { Prisma } from '../generated/prisma/client';
import { getDb } from '../db';
import { getEnv } from '../env';
import { purgeNow } from './purge-now';
import { queuePages } from './outbox';
import { pathsForChange, type CatalogChange } from './paths-for-change';
import { queuedResult, type PurgeResult } from './purge-result';
import type { RegeneratePage } from './regenerate';

/** Every path any of `changes` touches, each once, sorted. */
export function pathsForChanges(changes: readonly CatalogChange[]): string[] {
  const pageSize = getEnv().CATEGORY_PAGE_SIZE;
  return [...new Set(changes.flatMap((change) => pathsForChange(change, pageSize)))].sort();
}

/**
 * Puts the pages `changes` touch in the purge outbox. Call inside the transaction that makes
 * the change, so the commit and the promise to purge are one.
 */
export async function queueCatalogChanges(
  tx: Prisma.TransactionClient,
  changes: readonly CatalogChange[],
): Promise<void> {
  await queuePages(tx, pathsForChanges(changes));
}

/**
 * After the commit: regenerates every page `changes` touch, now, and reports each. Queues them
 * again first (harmless when the transaction did), for changes known only after the commit.
 * Whatever fails stays queued and the drainer retries it.
 */
export async function purgeCatalogChanges(
  changes: readonly CatalogChange[],
  regenerate: RegeneratePage,
  options: { waitMs?: number } = {},
): Promise<PurgeResult[]> {
  const paths = pathsForChanges(changes);
  try {
    await queuePages(getDb(), paths);
    return await purgeNow(paths, regenerate, options);
  } catch (error) {
    // The change is committed and its pages are in the outbox (queued in its transaction): the
    // drainer finishes them. Say so rather than answer an error for a change that happened.
    const reason = `queued; the background drainer finishes it (${error instanceof Error ? error.message : String(error)})`;
    return paths.map((path) => queuedResult(path, reason));
  }
}
