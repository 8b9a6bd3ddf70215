/**
 * The inline purge: the request that committed a change regenerates its own pages right after
 * the commit, so the admin or webhook response can report each page, and a shopper sees the new
 * price on the next request. Pages another worker holds are waited for, up to a deadline, then
 * reported queued: the drainer (drain.ts) finishes whatever this leaves. In a `PURGE_ROLE=web`
 * process every page is another worker's: the request only waits, woken by the worker's
 * settlements (purge-events.ts), and never renders.
 */
import { getDb } from '../db';
import { getEnv, type ServerEnv } from '../env';
import { isStorefrontPath } from '../storefront/paths';
import { QUEUE_POLICY } from '../queue-policy';
import type { EdgeTarget } from './edge/edge-target';
import { getEdgeTargets } from './edge/targets';
import { claimPaths, foldPurgeRequests } from './outbox';
import { purgeClaims } from './purge-claims';
import { watchSettlements } from './purge-events';
import { purgeStates } from './queue-state';
import { isAskedAgain, queuedResult, type PurgeResult } from './purge-result';
import type { RegeneratePage } from './regenerate';

const FOLLOWING =
  'a shared document (product feed, sitemap): the worker rebuilds it beside the pages; it follows on its own';

/**
 * Where a worker runs, it settles the shared documents (feed, sitemap) in a pass of its own after
 * the pages: a request there, on a web instance or on the worker itself (the back office,
 * docs/scaling.md), answers once the shopper pages are fresh and reports those as following
 * (docs/purge.md). Only a single process (`all`) rebuilds them in the request.
 */
export function documentsFollowIn(role: ServerEnv['PURGE_ROLE']): boolean {
  return role !== 'all';
}

export async function purgeNow(
  paths: readonly string[],
  regenerate: RegeneratePage,
  options: {
    waitMs?: number;
    targets?: readonly EdgeTarget[];
    regeneratesHere?: boolean;
    documentsFollow?: boolean;
  } = {},
): Promise<PurgeResult[]> {
  const targets = options.targets ?? getEdgeTargets();
  const role = getEnv().PURGE_ROLE;
  // A `PURGE_ROLE=web` process claims nothing: the worker regenerates, this request waits for it.
  const regeneratesHere = options.regeneratesHere ?? role !== 'web';
  const started = performance.now();
  const deadline = Date.now() + (options.waitMs ?? QUEUE_POLICY.requestWindowMs);
  const results = new Map<string, PurgeResult>();
  const unique = [...new Set(paths)];
  const documentsFollow = options.documentsFollow ?? documentsFollowIn(role);
  const following = documentsFollow ? unique.filter((path) => !isStorefrontPath(path)) : [];
  let remaining = unique.filter((path) => !following.includes(path));
  // The change's requests (and any earlier ones for these paths) into PagePurge first: what it
  // says about these paths is then the truth, and claims see them pending.
  await foldPurgeRequests(getDb(), unique);
  // Open before anything is read: a settlement after the read is still delivered.
  const watch = await watchSettlements(remaining);
  try {
    // A path is claimed (here) or read (its row) only at first and when a settlement says the
    // claim failed: a burst of waiters does not read every page again each time a shared page
    // settles.
    let toLook = new Set(remaining);
    /** Per page another process holds, the generation read after our fold: it counts our change. */
    const covering = new Map<string, number>();
    for (;;) {
      const looking = watch.listening ? remaining.filter((path) => toLook.has(path)) : remaining;
      toLook = new Set();
      if (regeneratesHere) {
        // A page regenerated but asked for again meanwhile (its row released at once) is claimed
        // again at once: only a regeneration that leaves the row DONE answers this change.
        let claimable = looking;
        while (claimable.length > 0) {
          const again: string[] = [];
          for (let i = 0; i < claimable.length; i += QUEUE_POLICY.claimBatch) {
            const claims = await claimPaths(getDb(), claimable.slice(i, i + QUEUE_POLICY.claimBatch));
            for (const result of await purgeClaims(claims, regenerate, targets)) {
              if (isAskedAgain(result) && Date.now() < deadline) again.push(result.path);
              else results.set(result.path, result);
            }
          }
          // The requests that asked again into the row first: the next claim's generation counts them.
          if (again.length > 0) await foldPurgeRequests(getDb(), again);
          claimable = again;
        }
      }
      const held = looking.filter((path) => !results.has(path));
      if (held.length > 0) {
        // Settled by another process: done (after our fold, so after our commit), or failed and
        // waiting for its retry (reported, as our own failure would be).
        const state = await purgeStates(getDb(), held, elapsed(started));
        for (const result of state.settled) results.set(result.path, result);
        for (const [path, generation] of state.generations) covering.set(path, generation);
      }
      remaining = remaining.filter((path) => !results.has(path));
      if (remaining.length === 0 || Date.now() >= deadline) break;
      await watch.until(deadline);
      for (const settlement of watch.take()) {
        if (results.has(settlement.path)) continue;
        const needed = covering.get(settlement.path);
        // DONE at a generation read after our fold: every change folded before, ours included.
        if (settlement.outcome === 'done' && needed !== undefined && settlement.generation >= needed) {
          results.set(settlement.path, { path: settlement.path, ok: true, durationMs: elapsed(started) });
        } else if (settlement.outcome === 'retrying' || needed === undefined || regeneratesHere) {
          // Failed or owed at an edge (the row says why), or free for a claim of our own: look.
          toLook.add(settlement.path);
        }
        // Otherwise the row is still pending (it moved on, or the notice predates our fold): the
        // claim that settles it is announced in turn, with nothing to read meanwhile.
      }
      remaining = remaining.filter((path) => !results.has(path));
      if (remaining.length === 0) break;
    }
  } finally {
    watch.close();
  }
  const why = regeneratesHere
    ? 'another worker is regenerating it; it finishes on its own'
    : 'the worker (PURGE_ROLE=worker) has not finished it yet; it finishes on its own';
  for (const path of remaining) results.set(path, queuedResult(path, why));
  for (const path of following) results.set(path, queuedResult(path, FOLLOWING));
  return paths.filter((p, i) => paths.indexOf(p) === i).map((path) => results.get(path) as PurgeResult);
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}
