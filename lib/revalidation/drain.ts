/**
 * The drain: background retries of due outbox rows (failures after their backoff, rows a crashed
 * process left behind). The drain timer (lib/worker/drain-timer.ts) wakes it through POST
 * /api/purge-queue/drain; a worker also runs it in process when a change commits
 * (lib/worker/drain-committed.ts).
 */
import { getDb } from '../db';
import { QUEUE_POLICY } from '../queue-policy';
import type { EdgeTarget } from './edge/edge-target';
import { getEdgeTargets } from './edge/targets';
import { claimDue, foldPurgeRequests, type ClaimScope } from './outbox';
import { purgeClaims } from './purge-claims';
import type { PurgeResult } from './purge-result';
import type { RegeneratePage } from './regenerate';

/**
 * Folds the request log, then claims and purges up to `limit` due rows (those `scope` names, if given), skipping those due for
 * less than `graceMs`; returns what happened to each.
 */
export async function drainOutbox(
  regenerate: RegeneratePage,
  limit: number = QUEUE_POLICY.claimBatch,
  targets: readonly EdgeTarget[] = getEdgeTargets(),
  graceMs = 0,
  scope?: ClaimScope,
): Promise<PurgeResult[]> {
  await foldPurgeRequests(getDb());
  return purgeClaims(await claimDue(getDb(), limit, graceMs, scope), regenerate, targets);
}
