/**
 * What happens to claimed outbox rows, whoever claimed them (purge-now.ts right after a commit,
 * drain.ts later): Next regenerates each page, every edge target purges it, and the row records
 * the outcome. A page is reported ok only after a regeneration that started after the change was
 * committed succeeded and every edge target purged it; anything else stays in the outbox and is
 * retried, each edge target on its own.
 */
import { getDb } from '../db';
import { getEnv } from '../env';
import { sharedPageCache } from '../isr-cache/shared-page-cache';
import { readProductPagesTogether } from '../storefront/page-props';
import { isStorefrontPath } from '../storefront/paths';
import { rememberUnsettled } from './unsettled-claims';
import { QUEUE_POLICY } from '../queue-policy';
import { purgeEdges, type EdgeOutcome } from './edge/edge-outbox';
import type { EdgeTarget } from './edge/edge-target';
import { failPurge, finishPurges, recordEdgePurgesOwed, type PurgeClaim } from './outbox';
import { askedAgainResult, type PurgeResult } from './purge-result';
import { regeneratePages, type RegeneratePage } from './regenerate';
import { withClaimedGenerations } from './render-guard';

/**
 * Regenerates the claims Next has not regenerated yet, purges the edge targets, records each
 * outcome. Pages and stored documents go side by side: a page must not wait for a document's
 * rebuild (a piece, or seconds for a whole document in a large catalog) to be fresh.
 */
export async function purgeClaims(
  claims: readonly PurgeClaim[],
  regenerate: RegeneratePage,
  targets: readonly EdgeTarget[],
): Promise<PurgeResult[]> {
  const pages = claims.filter((claim) => isStorefrontPath(claim.path));
  const documents = claims.filter((claim) => !isStorefrontPath(claim.path));
  const settled = (await Promise.all([pages, documents].map((group) => purgeGroup(group, regenerate, targets)))).flat();
  const byPath = new Map(settled.map((result) => [result.path, result]));
  return claims.map((claim) => byPath.get(claim.path) ?? ok(claim.path));
}

async function purgeGroup(
  claims: readonly PurgeClaim[],
  regenerate: RegeneratePage,
  targets: readonly EdgeTarget[],
): Promise<PurgeResult[]> {
  if (claims.length === 0) return [];
  const toRender = claims.filter((c) => c.regeneratedGeneration !== c.generation);
  const started = performance.now();
  const rendered = await regeneratePages(
    toRender.map((c) => c.path),
    intoSharedCache(withClaimedGenerations(toRender, regenerate, readProductPagesTogether)),
    getEnv().REVALIDATE_CONCURRENCY,
  );
  await purgeEdgesMeanwhile(rendered, targets);
  const results = new Map<string, PurgeResult>(rendered.map((r) => [r.path, r]));
  for (const claim of claims) if (!results.has(claim.path)) results.set(claim.path, ok(claim.path));
  const regenerated = claims.filter((claim) => results.get(claim.path)?.ok);
  const renderedAt = performance.now();
  const edge = await purgeEdgesSafely(regenerated, new Set(toRender.map((c) => c.path)), targets);
  const edgesAt = performance.now();
  const settled = await settleAll(claims, results, edge);
  if (getEnv().LOG_RENDERS === '1') logPurgeTimes(claims, [started, renderedAt, edgesAt, performance.now()]);
  return settled;
}

const ok = (path: string): PurgeResult => ({ path, ok: true, durationMs: 0 });

/** Where a purge's time went (LOG_RENDERS=1): docs/benchmarks.md reads these lines. */
function logPurgeTimes(claims: readonly PurgeClaim[], [started, rendered, edges, settled]: number[]): void {
  const ms = (from = 0, to = 0) => (to - from).toFixed(0);
  console.info(
    `purged ${claims.length} (render ${ms(started, rendered)} ms, edges ${ms(rendered, edges)} ms, ` +
      `record ${ms(edges, settled)} ms): ${claims.map((claim) => claim.path).join(' ')}`,
  );
}

/**
 * With a shared page cache (REDIS_URL), a page's regeneration counts only once Redis holds the new page
 * (see lib/isr-cache/shared-page-cache.ts). While Redis is unreachable nothing is rendered: the
 * page stays queued, retried every few seconds, and is rendered into Redis once it is back.
 */
function intoSharedCache(regenerate: RegeneratePage): RegeneratePage {
  const cache = sharedPageCache();
  if (!cache) return regenerate;
  return async (path) => {
    // The feed and the sitemap are rebuilt into the database, not rendered by Next into Redis.
    if (!isStorefrontPath(path)) return regenerate(path);
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
 * Records each claim's outcome in the outbox. The pages done (regenerated, and purged at every
 * edge target) are finished together, in two statements; failures and owed edge purges one by
 * one. If the database fails just now, the row keeps its claim until the drain timer gives it
 * back once the database answers (unsettled-claims.ts), or at the latest until the lease ends,
 * and is then done again: the result says so instead of turning a committed change into an error.
 */
async function settleAll(
  claims: readonly PurgeClaim[],
  results: ReadonlyMap<string, PurgeResult>,
  edge: Map<string, EdgeOutcome> | Error,
): Promise<PurgeResult[]> {
  const resultOf = (claim: PurgeClaim) => results.get(claim.path) ?? ok(claim.path);
  const isDone = (claim: PurgeClaim) => resultOf(claim).ok && !(edge instanceof Error) && !edge.get(claim.path);
  const finished = await finishSafely(claims.filter(isDone));
  return Promise.all(
    claims.map(async (claim) => {
      const result = resultOf(claim);
      if (!result.ok) return recordFailure(claim, result);
      if (edge instanceof Error) {
        keepUnsettled(claim, edge);
        return result;
      }
      const owing = edge.get(claim.path);
      if (owing) return recordEdgePurgesStillOwed(claim, result, owing);
      // Asked for again meanwhile: a newer change, or a re-render because this regeneration may
      // have been merged with an older render. Not proof for the change that claimed it.
      if (finished && !finished.has(claim.path)) return askedAgainResult(claim.path);
      return result;
    }),
  );
}

/** The paths now DONE, or null when the database could not record it (the claims are kept for later). */
async function finishSafely(claims: readonly PurgeClaim[]): Promise<Set<string> | null> {
  try {
    return await finishPurges(getDb(), claims);
  } catch (error) {
    for (const claim of claims) keepUnsettled(claim, error);
    return null;
  }
}

/** A failed regeneration: pending, retried after a backoff. */
async function recordFailure(claim: PurgeClaim, result: Extract<PurgeResult, { ok: false }>): Promise<PurgeResult> {
  try {
    const retryWithinMs = result.notInSharedCache ? QUEUE_POLICY.sharedCacheRetryMs : undefined;
    await failPurge(getDb(), claim, result.error, { retryWithinMs });
    return result;
  } catch (error) {
    keepUnsettled(claim, error);
    return { ...result, error: `${result.error}; not recorded, retried when the database is back` };
  }
}

/** Regenerated, but an edge target still owes its purge: retried for that target alone. */
async function recordEdgePurgesStillOwed(
  claim: PurgeClaim,
  result: PurgeResult,
  owing: NonNullable<EdgeOutcome>,
): Promise<PurgeResult> {
  try {
    await recordEdgePurgesOwed(getDb(), claim, owing.retryAt, owing.errors);
  } catch (error) {
    keepUnsettled(claim, error);
    return result;
  }
  const why = owing.errors.length > 0 ? owing.errors.join('; ') : 'an edge purge is waiting for its retry';
  return { ...result, ok: false, error: `regenerated, but not purged at the edge (${why}); retried automatically` };
}

function keepUnsettled(claim: PurgeClaim, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`purge outbox: could not record ${claim.path}: ${reason}`);
  rememberUnsettled(claim);
}
