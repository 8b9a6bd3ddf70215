/**
 * Each edge target's side of the purge outbox (table EdgePurge). After Next regenerated a
 * claimed page, every target that has not purged that generation yet purges it; each target
 * keeps its own attempts and backoff, so a Varnish outage does not re-purge a CDN that
 * succeeded, nor re-render the page.
 */
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import { retryDelayMs } from '../../queue-policy';
import { isKeptAtEdge, servedPathOf } from '../../storefront/paths';
import type { PurgeClaim } from '../outbox';
import type { EdgePurgeResult, EdgeTarget } from './edge-target';

type Db = PrismaClient | Prisma.TransactionClient;

/** What is left for a page after this round: nothing (null), or when to try again and why. */
export type EdgeOutcome = { retryAt: Date; errors: string[] } | null;

interface EdgeState {
  path: string;
  target: string;
  purgedGeneration: number;
  attempts: number;
  nextAttemptAt: Date;
  due: boolean;
  lastError: string | null;
}

/**
 * Purges the `regenerated` claims at every target still owing them a purge: all targets for
 * pages rendered in this round (`fresh`), due targets for pages rendered earlier.
 */
export async function purgeEdges(
  db: Db,
  regenerated: readonly PurgeClaim[],
  fresh: ReadonlySet<string>,
  targets: readonly EdgeTarget[],
): Promise<Map<string, EdgeOutcome>> {
  const outcomes = new Map<string, EdgeOutcome>(regenerated.map((claim) => [claim.path, null]));
  if (targets.length === 0 || regenerated.length === 0) return outcomes;
  const before = await loadStates(db, regenerated);
  const failedNow = new Map<string, string[]>();
  await Promise.all(
    targets.map(async (target) => {
      const due = regenerated.filter((claim) => {
        const state = before.get(key(claim.path, target.name));
        if (state && state.purgedGeneration >= claim.generation) return false;
        return fresh.has(claim.path) || !state || state.due;
      });
      if (due.length === 0) return;
      const results = await purgeServed(target, due);
      await recordResults(db, target.name, due, results, before);
      for (const result of results.filter((r) => !r.ok)) {
        failedNow.set(result.path, [...(failedNow.get(result.path) ?? []), `${target.name}: ${result.error}`]);
      }
    }),
  );
  const after = await loadStates(db, regenerated);
  for (const claim of regenerated) {
    const owing = targets
      .map((target) => after.get(key(claim.path, target.name)))
      .filter((state) => !state || state.purgedGeneration < claim.generation);
    if (owing.length === 0) continue;
    const retryAt = new Date(Math.min(...owing.map((state) => state?.nextAttemptAt.getTime() ?? Date.now())));
    outcomes.set(claim.path, { retryAt, errors: failedNow.get(claim.path) ?? [] });
  }
  return outcomes;
}

const key = (path: string, target: string) => `${path}\u0000${target}`;

/**
 * The target purges the URLs the claims are served at (a piece of the feed is served as the
 * feed: its pieces rebuilt in one round purge the feed once); each claim gets its URL's result.
 * What an edge may not keep (the feed) is only forgotten, never fetched again.
 */
async function purgeServed(target: EdgeTarget, claims: readonly PurgeClaim[]): Promise<EdgePurgeResult[]> {
  const served = [...new Set(claims.map((claim) => servedPathOf(claim.path)))];
  const kept = served.filter(isKeptAtEdge);
  const notKept = served.filter((path) => !isKeptAtEdge(path));
  const [refreshed, forgotten] = await Promise.all([
    kept.length > 0 ? target.purge(kept) : [],
    notKept.length > 0 && target.forget ? target.forget(notKept) : notKept.map((path) => ({ path, ok: true as const })),
  ]);
  const results = new Map([...refreshed, ...forgotten].map((result) => [result.path, result]));
  return claims.map((claim) => {
    const result = results.get(servedPathOf(claim.path));
    return result
      ? { ...result, path: claim.path }
      : { path: claim.path, ok: false, error: 'not reported by the target' };
  });
}

async function loadStates(db: Db, claims: readonly PurgeClaim[]): Promise<Map<string, EdgeState>> {
  const rows = await db.$queryRaw<EdgeState[]>`
    SELECT path, target, "purgedGeneration", attempts, "nextAttemptAt", "nextAttemptAt" <= now() AS due, "lastError"
    FROM "EdgePurge" WHERE path = ANY(${claims.map((c) => c.path)}::varchar[])`;
  return new Map(rows.map((row) => [key(row.path, row.target), row]));
}

/**
 * Successes record the generation purged; failures back off like the page rows (retryDelayMs).
 * `before` holds each target's attempts so far: only the claim's holder writes its edge rows.
 */
async function recordResults(
  db: Db,
  target: string,
  claims: readonly PurgeClaim[],
  results: readonly EdgePurgeResult[],
  before: ReadonlyMap<string, EdgeState>,
): Promise<void> {
  const generationOf = new Map(claims.map((claim) => [claim.path, claim.generation]));
  const ok = results.filter((r) => r.ok).map((r) => r.path);
  if (ok.length > 0) {
    await db.$executeRaw`
      INSERT INTO "EdgePurge" (path, target, "purgedGeneration", "purgedAt")
      SELECT t.path, ${target}, t.generation, now()
      FROM unnest(${ok}::varchar[], ${ok.map((p) => generationOf.get(p) ?? 0)}::int[]) AS t(path, generation)
      ON CONFLICT (path, target) DO UPDATE SET
        "purgedGeneration" = GREATEST("EdgePurge"."purgedGeneration", EXCLUDED."purgedGeneration"),
        attempts = 0, "lastError" = NULL, "purgedAt" = now(), "nextAttemptAt" = now()`;
  }
  for (const failure of results.filter((r) => !r.ok)) {
    const delayMs = retryDelayMs((before.get(key(failure.path, target))?.attempts ?? 0) + 1);
    await db.$executeRaw`
      INSERT INTO "EdgePurge" (path, target, attempts, "lastError", "nextAttemptAt")
      VALUES (${failure.path}, ${target}, 1, ${failure.error.slice(0, 2000)},
        now() + make_interval(secs => ${delayMs / 1000}))
      ON CONFLICT (path, target) DO UPDATE SET
        attempts = "EdgePurge".attempts + 1, "lastError" = EXCLUDED."lastError",
        "nextAttemptAt" = EXCLUDED."nextAttemptAt"`;
  }
}

/** An admin's "retry now": every target of `path` is due immediately. */
export async function edgePurgesDueNow(db: Db, path: string): Promise<void> {
  await db.$executeRaw`UPDATE "EdgePurge" SET "nextAttemptAt" = now() WHERE path = ${path}`;
}
