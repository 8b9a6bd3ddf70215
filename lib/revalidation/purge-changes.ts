import { getEnv } from '../env';
import { pathsForChange, type CatalogChange } from './paths-for-change';
import { purgePaths, type PurgeResult, type RegeneratePage } from './purge';

/** Every path any of `changes` touches, each once, sorted. */
export function pathsForChanges(changes: readonly CatalogChange[]): string[] {
  const pageSize = getEnv().CATEGORY_PAGE_SIZE;
  return [...new Set(changes.flatMap((change) => pathsForChange(change, pageSize)))].sort();
}

/** Regenerates every page the committed `changes` touch. Call only after the transaction committed. */
export function purgeCatalogChanges(
  changes: readonly CatalogChange[],
  regenerate: RegeneratePage,
): Promise<PurgeResult[]> {
  return purgePaths(pathsForChanges(changes), regenerate, getEnv().REVALIDATE_CONCURRENCY);
}
