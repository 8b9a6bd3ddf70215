/**
 * The one road every catalog change takes, whoever makes it (admin save, bulk change, webhook
 * inbox, reconcile, operator purge, a sale):
 *
 *   one transaction: the writer's writes, their audit rows, and an outbox row for every page
 *   they change (computed from snapshots taken under the listings' locks)
 *   after the commit: close payment pages opened at a price it replaced (lib/checkout), then
 *   regenerate those pages now, each edge target purged, and report each page
 *
 * Whatever is not done after the commit stays in the outbox and the drainer finishes it, so a
 * committed change is never lost, even if this process dies right after the commit.
 */
import type { CatalogChangeScope, ChangeAuthor } from '../catalog/change-scope';
import { cancelCheckoutsAtOldPrices } from '../checkout/cancel-repriced';
import { queuePages } from '../revalidation/outbox';
import { pathsForChanges, type CatalogChange } from '../revalidation/paths-for-change';
import { purgeNow } from '../revalidation/purge-now';
import { queuedResult, type PurgeResult } from '../revalidation/purge-result';
import type { RegeneratePage } from '../revalidation/regenerate';
import { inTransaction, type TransactionLimits, type Tx } from '../transaction';
import { ChangeRecorder } from './change-recorder';
import { inChangeTurn } from './change-turns';
import { requestRebalancesAfter } from './listing-bounds';

export interface CommitOptions<T> {
  limits?: TransactionLimits;
  /**
   * Regenerates a page in this request (`res.revalidate`). Without it the pages are only
   * queued, and the drainer regenerates them (a CLI such as reconcile has no request).
   */
  regenerate?: RegeneratePage;
  /** Last step inside the transaction, with the pages the change queued (the inbox marks its delivery). */
  beforeCommit?: (tx: Tx, paths: readonly string[], value: T) => Promise<void>;
}

export interface CommittedChange<T> {
  value: T;
  /** Every page the change queued, sorted. */
  paths: string[];
  /** How each page's regeneration went (empty without `regenerate`). */
  purge: PurgeResult[];
}

/** The scope the road's own writers (the operator's purge) get: changes known without a "before". */
export interface OperatorChangeScope extends CatalogChangeScope {
  /** Locks a category's listing exclusively, as a writer that moves products does (a rebalance). */
  lockListing(categoryId: number): Promise<void>;
  addChange(change: CatalogChange): void;
  addPaths(paths: readonly string[]): void;
}

export async function commitCatalogChange<T>(
  author: ChangeAuthor,
  apply: (scope: OperatorChangeScope) => Promise<T>,
  options: CommitOptions<T> = {},
): Promise<CommittedChange<T>> {
  const { value, paths, repriced } = await inChangeTurn(() =>
    inTransaction(async (tx) => {
      const recorder = new ChangeRecorder(tx, author);
      const value = await apply(recorder);
      const changes = await recorder.finish();
      const paths = pathsForChanges(changes, recorder.namedPaths);
      await queuePages(tx, paths);
      // A page this change filled past its bounds is only asked about: the worker rebalances it later.
      await requestRebalancesAfter(tx, changes);
      await options.beforeCommit?.(tx, paths, value);
      return { value, paths, repriced: [...recorder.repriced] };
    }, options.limits),
  );
  // After the commit and outside its locks (a shopper's checkout waits on none of them): payment
  // pages opened at a price this change replaced are closed. A failure here is only logged: such
  // a payment, if completed, is flagged on its order.
  await cancelCheckoutsAtOldPrices(repriced).catch((error: unknown) => {
    console.error('could not cancel checkouts at replaced prices:', error);
  });
  const purge = options.regenerate ? await purgeCommitted(paths, options.regenerate) : [];
  return { value, paths, purge };
}

/**
 * After the commit: regenerates the change's pages now and reports each. The inbox calls this
 * itself once it has released its apply slot; every other writer gets it from commitCatalogChange.
 */
export async function purgeCommitted(
  paths: readonly string[],
  regenerate: RegeneratePage,
  options: { waitMs?: number } = {},
): Promise<PurgeResult[]> {
  try {
    return await purgeNow(paths, regenerate, options);
  } catch (error) {
    // The change is committed and its pages are in the outbox: the drainer finishes them. Say
    // so rather than answer an error for a change that happened.
    const reason = `queued; the background drainer finishes it (${error instanceof Error ? error.message : String(error)})`;
    return paths.map((path) => queuedResult(path, reason));
  }
}
