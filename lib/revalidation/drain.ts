/**
 * Draining the purge outbox (see outbox.ts), two ways:
 *
 * - `purgeNow`: the request that committed a change regenerates its own pages right away,
 *   so the admin or webhook response can report each page, and a shopper sees the new price on
 *   the next request. Pages another worker is regenerating are waited for, up to a deadline.
 * - `drainOutbox`: a background worker (see drainer.ts) retries whatever is due: failures after
 *   their backoff, and rows a crashed process left behind.
 *
 * Either way a page is reported ok only after a regeneration that started after the change was
 * committed succeeded and every edge target (edge/targets.ts) purged it; anything else stays in
 * the outbox and is retried, each edge target on its own.
 */
import { getDb } from '../db';
import { getEnv } from '../env';
import { sharedPageCache } from '../isr-cache/shared-page-cache';
import { purgeEdges, type EdgeOutcome } from './edge/edge-outbox';
import type { EdgeTarget } from './edge/edge-target';
import { getEdgeTargets } from './edge/targets';
import { awaitEdgePurges, claimDue, claimPaths, failPurge, finishPurge, type PurgeClaim } from './outbox';
import { regeneratePages, queuedResult, type PurgeResult, type RegeneratePage } from './regenerate';

/** How long a request waits for pages another worker is regenerating before it answers. */
const DEFAULT_WAIT_MS = 2_000;
const POLL_MS = 25;
const CLAIM_CHUNK = 100;
/**
 * A page Redis has not taken is retried within this, however long the outage: once Redis is back
 * it serves its copy from before the change until the retry lands. While Redis is down a retry
 * costs one failed connection check, not a render.
 */
const SHARED_CACHE_RETRY_MS = 2_000;

/**
 * The background drainer leaves a row this long to the request that queued it, which purges
 * its own pages right after its commit: taking them first would only race it (and, with one
 * page cache per process, regenerate the page in the wrong process).
 */
export const DRAINER_GRACE_MS = 2_000;

export async function purgeNow(
  paths: readonly string[],
  regenerate: RegeneratePage,
  options: { waitMs?: number; targets?: readonly EdgeTarget[] } = {},
): Promise<PurgeResult[]> {
  const targets = options.targets ?? getEdgeTargets();
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  const results = new Map<string, PurgeResult>();
  let remaining = [...new Set(paths)];
  for (;;) {
    // In chunks, so a large change's last pages are not claimed long before they are rendered.
    for (let i = 0; i < remaining.length; i += CLAIM_CHUNK) {
      const claims = await claimPaths(getDb(), remaining.slice(i, i + CLAIM_CHUNK));
      for (const result of await regenerateClaims(claims, regenerate, targets)) results.set(result.path, result);
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
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  for (const path of remaining) {
    results.set(path, queuedResult(path, 'another worker is regenerating it; it finishes on its own'));
  }
  return paths.filter((p, i) => paths.indexOf(p) === i).map((path) => results.get(path) as PurgeResult);
}

/** Claims and regenerates up to `limit` due rows; returns what happened to each. */
export async function drainOutbox(
  regenerate: RegeneratePage,
  limit = 50,
  targets: readonly EdgeTarget[] = getEdgeTargets(),
  graceMs = 0,
): Promise<PurgeResult[]> {
  return regenerateClaims(await claimDue(getDb(), limit, graceMs), regenerate, targets);
}

/** Regenerates the claims Next has not regenerated yet, then purges the edge targets. */
async function regenerateClaims(
  claims: readonly PurgeClaim[],
  regenerate: RegeneratePage,
  targets: readonly EdgeTarget[],
): Promise<PurgeResult[]> {
  if (claims.length === 0) return [];
  const toRender = claims.filter((c) => c.regeneratedGeneration !== c.generation);
  const rendered = await regeneratePages(
    toRender.map((c) => c.path),
    intoSharedCache(regenerate),
    getEnv().REVALIDATE_CONCURRENCY,
  );
  await purgeEdgesMeanwhile(rendered, targets);
  const results = new Map<string, PurgeResult>(rendered.map((r) => [r.path, r]));
  for (const claim of claims) if (!results.has(claim.path)) results.set(claim.path, ok(claim.path));
  const regenerated = claims.filter((claim) => results.get(claim.path)?.ok);
  const edge = await purgeEdgesSafely(regenerated, new Set(toRender.map((c) => c.path)), targets);
  return Promise.all(claims.map((claim) => settle(claim, results.get(claim.path) ?? ok(claim.path), edge)));
}

const ok = (path: string): PurgeResult => ({ path, ok: true, durationMs: 0 });

/**
 * With a shared page cache (REDIS_URL), a regeneration counts only once Redis holds the new page
 * (see lib/isr-cache/shared-page-cache.ts). While Redis is unreachable nothing is rendered: the
 * page stays queued, retried every few seconds, and is rendered into Redis once it is back.
 */
function intoSharedCache(regenerate: RegeneratePage): RegeneratePage {
  const cache = sharedPageCache();
  if (!cache) return regenerate;
  return async (path) => {
    await cache.assertReachable();
    const startedAt = Date.now();
    await regenerate(path);
    await cache.assertWrittenSince(path, startedAt);
  };
}

/**
 * Pages the shared cache did not take stay queued, but while Redis is out every instance renders
 * each request from the database, so the edge may already drop its copy: shoppers get the new
 * price during the outage. Not recorded as done: once Redis holds the page, the edge is purged
 * again (Redis may have served the edge its older copy in between).
 */
async function purgeEdgesMeanwhile(rendered: readonly PurgeResult[], targets: readonly EdgeTarget[]): Promise<void> {
  const paths = rendered.filter((result) => !result.ok && result.notInSharedCache).map((result) => result.path);
  if (paths.length === 0) return;
  await Promise.all(targets.map((target) => target.purge(paths)));
}

/** A database error while recording edge results leaves the claims to their lease, like settle. */
async function purgeEdgesSafely(
  regenerated: readonly PurgeClaim[],
  fresh: ReadonlySet<string>,
  targets: readonly EdgeTarget[],
): Promise<Map<string, EdgeOutcome> | Error> {
  try {
    return await purgeEdges(getDb(), regenerated, fresh, targets);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Records a regeneration's outcome in the outbox. If the database fails just now, the page was
 * regenerated but the row keeps its claim until the lease ends and is then done again: the
 * result says so instead of turning a committed change into an error.
 */
async function settle(
  claim: PurgeClaim,
  result: PurgeResult,
  edge: Map<string, EdgeOutcome> | Error,
): Promise<PurgeResult> {
  try {
    if (!result.ok) {
      const retryWithinMs = result.notInSharedCache ? SHARED_CACHE_RETRY_MS : undefined;
      await failPurge(getDb(), claim, result.error, { retryWithinMs });
      return result;
    }
    if (edge instanceof Error) throw edge;
    const owing = edge.get(claim.path);
    if (!owing) {
      await finishPurge(getDb(), claim);
      return result;
    }
    await awaitEdgePurges(getDb(), claim, owing.retryAt, owing.errors);
    const why = owing.errors.length > 0 ? owing.errors.join('; ') : 'an edge purge is waiting for its retry';
    return { ...result, ok: false, error: `regenerated, but not purged at the edge (${why}); retried automatically` };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`purge outbox: could not record ${claim.path}: ${reason}`);
    return result.ok ? result : { ...result, error: `${result.error}; not recorded, retried after the lease` };
  }
}

async function pendingAmong(paths: readonly string[]): Promise<Set<string>> {
  const rows = await getDb().pagePurge.findMany({
    where: { path: { in: [...paths] }, status: 'PENDING' },
    select: { path: true },
  });
  return new Set(rows.map((row) => row.path));
}
