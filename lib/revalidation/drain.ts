/**
 * Draining the purge outbox (see outbox.ts), two ways:
 *
 * - `purgeQueued`: the request that committed a change regenerates its own pages right away,
 *   so the admin or webhook response can report each page, and a shopper sees the new price on
 *   the next request. Pages another worker is regenerating are waited for, up to a deadline.
 * - `drainDue`: a background worker (see drainer.ts) retries whatever is due: failures after
 *   their backoff, and rows a crashed process left behind.
 *
 * Either way a page is reported ok only after a regeneration that started after the change was
 * committed succeeded; anything else stays in the outbox and is retried.
 */
import { getDb } from '../db';
import { getEnv } from '../env';
import { claimDue, claimPaths, failPurge, finishPurge, type PurgeClaim } from './outbox';
import { purgePaths, type PurgeResult, type RegeneratePage } from './purge';

/** How long a request waits for pages another worker is regenerating before it answers. */
const DEFAULT_WAIT_MS = 2_000;
const POLL_MS = 25;
const CLAIM_CHUNK = 100;

export async function purgeQueued(
  paths: readonly string[],
  regenerate: RegeneratePage,
  options: { waitMs?: number } = {},
): Promise<PurgeResult[]> {
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  const results = new Map<string, PurgeResult>();
  let remaining = [...new Set(paths)];
  for (;;) {
    // In chunks, so a large change's last pages are not claimed long before they are rendered.
    for (let i = 0; i < remaining.length; i += CLAIM_CHUNK) {
      const claims = await claimPaths(getDb(), remaining.slice(i, i + CLAIM_CHUNK));
      for (const result of await regenerateClaims(claims, regenerate)) results.set(result.path, result);
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
    results.set(path, {
      path,
      ok: false,
      durationMs: 0,
      error: 'still queued (another worker is on it); retried automatically',
    });
  }
  return paths.filter((p, i) => paths.indexOf(p) === i).map((path) => results.get(path) as PurgeResult);
}

/** Claims and regenerates up to `limit` due rows; returns what happened to each. */
export async function drainDue(regenerate: RegeneratePage, limit = 50): Promise<PurgeResult[]> {
  return regenerateClaims(await claimDue(getDb(), limit), regenerate);
}

async function regenerateClaims(claims: readonly PurgeClaim[], regenerate: RegeneratePage): Promise<PurgeResult[]> {
  if (claims.length === 0) return [];
  const results = await purgePaths(
    claims.map((c) => c.path),
    regenerate,
    getEnv().REVALIDATE_CONCURRENCY,
  );
  return Promise.all(results.map((result, i) => settle(claims[i] as PurgeClaim, result)));
}

/**
 * Records a regeneration's outcome in the outbox. If the database fails just now, the page was
 * regenerated but the row keeps its claim until the lease ends and is then done again: the
 * result says so instead of turning a committed change into an error.
 */
async function settle(claim: PurgeClaim, result: PurgeResult): Promise<PurgeResult> {
  try {
    if (result.ok) await finishPurge(getDb(), claim);
    else await failPurge(getDb(), claim, result.error);
    return result;
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
