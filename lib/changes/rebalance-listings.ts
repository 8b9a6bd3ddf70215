/**
 * The worker's end of a listing rebalance (lib/catalog/listing-rebalance.ts; a change only asks
 * for one: ./listing-bounds.ts). After the change committed, each asked-for category is
 * rebalanced through the change road like any writer, its listing locked exclusively, and every
 * page whose products changed is queued. Queued only: the outbox's drain passes render them a
 * batch at a time, so a rebalance of a long listing never holds a drain pass (and the webhook
 * inbox behind it) for the minutes its pages take to render.
 */
import type { ChangeAuthor } from '../catalog/change-scope';
import { listDueRebalances, rebalanceListing, takeRebalanceRequest } from '../catalog/listing-rebalance';
import { getDb } from '../db';
import { getEnv } from '../env';
import type { TransactionLimits } from '../transaction';
import { commitCatalogChange, type OperatorChangeScope } from './commit-catalog-change';

const REBALANCER: ChangeAuthor = { source: 'ADMIN', actor: 'listing rebalance (worker)' };

/** Categories rebalanced per drain pass; the rest wait for the next one. */
const REBALANCES_PER_PASS = 5;

/** Whether some category waits for a rebalance (the drain timer's cheap look). */
export async function hasDueRebalances(): Promise<boolean> {
  return (await listDueRebalances(getDb(), 1)).length > 0;
}

/** A whole category's pages in one transaction (one window over its products): more room than a save. */
const REBALANCE_LIMITS: TransactionLimits = {
  lockTimeoutMs: 10_000,
  statementTimeoutMs: 30_000,
  timeoutMs: 60_000,
  maxWaitMs: 10_000,
};

/**
 * In the worker: rebalances the categories asked for (or only those of `categoryIds` among them),
 * each in its own change, and returns their ids. One that fails (its listing busy past the lock
 * timeout) keeps its request and is tried on the next pass; the others and the rest of the drain
 * pass go on.
 */
export async function rebalanceDueListings(categoryIds?: readonly number[]): Promise<number[]> {
  const done: number[] = [];
  for (const categoryId of await listDueRebalances(getDb(), REBALANCES_PER_PASS, categoryIds)) {
    try {
      const { value } = await commitCatalogChange(REBALANCER, (scope) => rebalanceCategory(scope, categoryId), {
        limits: REBALANCE_LIMITS,
      });
      if (value) done.push(categoryId);
    } catch (error) {
      console.error(`listing rebalance of category ${categoryId}:`, error instanceof Error ? error.message : error);
    }
  }
  return done;
}

/** One category's rebalance, in a change's scope; false when its request was already taken. */
export async function rebalanceCategory(scope: OperatorChangeScope, categoryId: number): Promise<boolean> {
  await scope.lockListing(categoryId);
  // Under the lock: a second worker that listed the same request finds it taken and does nothing.
  if (!(await takeRebalanceRequest(scope.tx, categoryId))) return false;
  const category = await scope.tx.category.findUnique({ where: { id: categoryId }, select: { slug: true } });
  if (!category) return false;
  const pages = await rebalanceListing(scope.tx, categoryId, getEnv().CATEGORY_PAGE_SIZE);
  scope.addChange({ kind: 'listing', categoryId, categorySlug: category.slug, pages });
  return true;
}
