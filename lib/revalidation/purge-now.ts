/**
 * The inline purge: the request that committed a change regenerates its own pages right after
 * the commit, so the admin or webhook response can report each page, and a shopper sees the new
 * price on the next request. Pages another worker holds are waited for, up to a deadline, then
 * reported queued: the drainer (drain.ts) finishes whatever this leaves.
 */
import { getDb } from '../db';
import { QUEUE_POLICY } from '../queue-policy';
import type { EdgeTarget } from './edge/edge-target';
import { getEdgeTargets } from './edge/targets';
import { claimPaths } from './outbox';
import { purgeClaims } from './purge-claims';
import { queuedResult, type PurgeResult } from './purge-result';
import type { RegeneratePage } from './regenerate';

export async function purgeNow(
  paths: readonly string[],
  regenerate: RegeneratePage,
  options: { waitMs?: number; targets?: readonly EdgeTarget[] } = {},
): Promise<PurgeResult[]> {
  const targets = options.targets ?? getEdgeTargets();
  const deadline = Date.now() + (options.waitMs ?? QUEUE_POLICY.requestWindowMs);
  const results = new Map<string, PurgeResult>();
  let remaining = [...new Set(paths)];
  for (;;) {
    for (let i = 0; i < remaining.length; i += QUEUE_POLICY.claimBatch) {
      const claims = await claimPaths(getDb(), remaining.slice(i, i + QUEUE_POLICY.claimBatch));
      for (const result of await purgeClaims(claims, regenerate, targets)) results.set(result.path, result);
    }
    remaining = remaining.filter((path) => !results.has(path));
    if (remaining.length === 0) break;
    const stillPending = await pendingAmong(remaining);
    for (const path of remaining.filter((p) => !stillPending.has(p))) {
      // Another worker finished it: its regeneration started after our commit (it claimed after it).
      results.set(path, { path, ok: true, durationMs: 0 });
    }
    remaining = remaining.filter((path) => stillPending.has(path));
    if (remaining.length === 0 || Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, QUEUE_POLICY.waitPollMs));
  }
  for (const path of remaining) {
    results.set(path, queuedResult(path, 'another worker is regenerating it; it finishes on its own'));
  }
  return paths.filter((p, i) => paths.indexOf(p) === i).map((path) => results.get(path) as PurgeResult);
}

async function pendingAmong(paths: readonly string[]): Promise<Set<string>> {
  const rows = await getDb().pagePurge.findMany({
    where: { path: { in: [...paths] }, status: 'PENDING' },
    select: { path: true },
  });
  return new Set(rows.map((row) => row.path));
}
