/**
 * The inline purge: the request that committed a change regenerates its own pages right after
 * the commit, so the admin or webhook response can report each page, and a shopper sees the new
 * price on the next request. Pages another worker holds are waited for, up to a deadline, then
 * reported queued: the drainer (drain.ts) finishes whatever this leaves. In a `PURGE_ROLE=web`
 * process every page is another worker's: the request only waits, woken by the worker's
 * settlements (purge-events.ts), and never renders.
 */
import { getDb } from '../db';
import { getEnv } from '../env';
import { isStorefrontPath } from '../storefront/paths';
import { QUEUE_POLICY } from '../queue-policy';
import type { EdgeTarget } from './edge/edge-target';
import { getEdgeTargets } from './edge/targets';
import { claimPaths, foldPurgeRequests } from './outbox';
import { purgeClaims } from './purge-claims';
import { settledSignal } from './purge-events';
import { settledPurges } from './queue-state';
import { queuedResult, type PurgeResult } from './purge-result';
import type { RegeneratePage } from './regenerate';

const FOLLOWING =
  'a shared document (product feed, sitemap): the worker rebuilds it beside the pages; it follows on its own';

export async function purgeNow(
  paths: readonly string[],
  regenerate: RegeneratePage,
  options: { waitMs?: number; targets?: readonly EdgeTarget[]; regeneratesHere?: boolean } = {},
): Promise<PurgeResult[]> {
  const targets = options.targets ?? getEdgeTargets();
  // A `PURGE_ROLE=web` process claims nothing: the worker regenerates, this request waits for it.
  const regeneratesHere = options.regeneratesHere ?? getEnv().PURGE_ROLE !== 'web';
  const started = performance.now();
  const deadline = Date.now() + (options.waitMs ?? QUEUE_POLICY.requestWindowMs);
  const results = new Map<string, PurgeResult>();
  const unique = [...new Set(paths)];
  // The worker settles the shared documents (feed, sitemap) after the pages: a web instance's
  // request answers once the shopper pages are fresh and reports those as following (docs/purge.md).
  const following = regeneratesHere ? [] : unique.filter((path) => !isStorefrontPath(path));
  let remaining = unique.filter((path) => !following.includes(path));
  // The change's requests (and any earlier ones for these paths) into PagePurge first: what it
  // says about these paths is then the truth, and claims see them pending.
  await foldPurgeRequests(getDb(), unique);
  for (;;) {
    if (regeneratesHere) {
      for (let i = 0; i < remaining.length; i += QUEUE_POLICY.claimBatch) {
        const claims = await claimPaths(getDb(), remaining.slice(i, i + QUEUE_POLICY.claimBatch));
        for (const result of await purgeClaims(claims, regenerate, targets)) results.set(result.path, result);
      }
      remaining = remaining.filter((path) => !results.has(path));
      if (remaining.length === 0) break;
    }
    const settled = await settledSignal(remaining);
    // Settled by another process: done (its regeneration started after our commit, since it
    // claimed after it), or failed and waiting for its retry (reported, as our own failure would be).
    const waitedMs = Math.round(performance.now() - started);
    for (const result of await settledPurges(getDb(), remaining, waitedMs)) results.set(result.path, result);
    remaining = remaining.filter((path) => !results.has(path));
    if (remaining.length === 0 || Date.now() >= deadline) break;
    await settled.until(deadline);
  }
  const why = regeneratesHere
    ? 'another worker is regenerating it; it finishes on its own'
    : 'the worker (PURGE_ROLE=worker) has not finished it yet; it finishes on its own';
  for (const path of remaining) results.set(path, queuedResult(path, why));
  for (const path of following) results.set(path, queuedResult(path, FOLLOWING));
  return paths.filter((p, i) => paths.indexOf(p) === i).map((path) => results.get(path) as PurgeResult);
}
