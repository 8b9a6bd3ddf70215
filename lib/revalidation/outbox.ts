/**
 * The purge outbox (table PagePurge): durable "this page must be regenerated" rows, so no
 * committed change is left unpurged, whatever happens to the process afterwards.
 *
 * - `queuePages(tx, paths)` runs inside the change's transaction and only appends to a request log
 *   (PurgeRequest); `foldPurgeRequests` moves the log into PagePurge in short transactions of its
 *   own, so concurrent changes never hold a PagePurge row until their commit (docs/purge.md).
 * - A worker claims rows (SKIP LOCKED, plus a lease so a crashed worker's claim expires),
 *   regenerates the pages, then finishes each claim. A change's request reaches PagePurge only
 *   when folded, after its commit, and moves the generation: a claim taken before that cannot
 *   leave the page DONE past it.
 * - Failures stay PENDING with the error, an attempt count and a backoff (lib/queue-policy.ts).
 *
 * Three generation counters, each for one thing that must not be lost or repeated:
 * - `PagePurge.generation`, bumped by every change: a claim finishes DONE only if it is unchanged,
 *   so a change that commits during a regeneration gets a regeneration of its own.
 * - `PagePurge.regeneratedGeneration`, the generation Next already rendered while edge targets
 *   still owe a purge (`recordEdgePurgesOwed`): an edge outage does not re-render the page.
 * - `EdgePurge.purgedGeneration`, per edge target (edge/edge-outbox.ts): a target that purged
 *   is not purged again while another one is retried.
 */
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import { QUEUE_POLICY, retryDelayMs } from '../queue-policy';
import { FEED_PATH, SITEMAP_PATH } from '../storefront/paths';
import { formatSettlement, PURGES_DUE_CHANNEL, PURGES_SETTLED_CHANNEL, type Settlement } from './purge-events';

type Db = PrismaClient | Prisma.TransactionClient;

export interface PurgeClaim {
  path: string;
  generation: number;
  /** The claim's lease end, which also identifies the claim: only its holder releases it. */
  claimedUntil: Date;
  /** Equal to `generation` when Next already regenerated it and only edge purges remain. */
  regeneratedGeneration: number | null;
}

/**
 * Records that `paths` must be regenerated. Call in the transaction that makes them stale. A
 * `rerender` (a render that may have read data older than a change already queued) asks for the
 * page again without saying its data changed: the sitemap's lastmod (`changedAt`) stays.
 *
 * Only appends to the request log (PurgeRequest): no row another change also needs, so
 * concurrent changes queueing the same feed, sitemap or listing page do not wait for each
 * other's commit. `foldPurgeRequests` turns the log into PagePurge state afterwards.
 */
export async function queuePages(
  db: Db,
  paths: readonly string[],
  reason: 'change' | 'rerender' = 'change',
): Promise<void> {
  if (paths.length === 0) return;
  const unique = [...new Set(paths)];
  await db.$executeRaw`
    INSERT INTO "PurgeRequest" (path, "isChange")
    SELECT unnest(${unique}::varchar[]), ${reason === 'change'}`;
  await wakePurgeWorkers(db);
}

/** How many log rows one fold statement takes: a bulk change logs tens of thousands. */
const FOLD_BATCH = 5000;

/**
 * Folds logged requests into PagePurge, in one short statement per batch: the requests are
 * deleted and their pages made PENDING with the generation moved by one per request, so
 * `PagePurge.generation` + the path's unfolded requests never goes down (the render guard reads
 * that sum, `pendingGeneration`). A claim taken before the fold therefore cannot finish the page
 * DONE, and a change is never lost between the log and the outbox (delete and upsert commit together).
 *
 * Without `paths` it folds everything, skipping requests another fold holds (a worker's drain).
 * With `paths` it folds every request for them, waiting for a fold that holds one: afterwards
 * PagePurge says the truth about those paths (a request waiting for its pages reads it), and the
 * workers are woken, since their own pass may have skipped the rows this fold held.
 */
export async function foldPurgeRequests(db: Db, paths?: readonly string[]): Promise<number> {
  let folded = 0;
  for (;;) {
    const taken = paths ? await foldPathsOnce(db, paths) : await foldSomeOnce(db);
    folded += taken;
    if (paths || taken < FOLD_BATCH) break;
  }
  if (paths && folded > 0) await wakePurgeWorkers(db);
  return folded;
}

function foldSomeOnce(db: Db): Promise<number> {
  return upsertTaken(
    db,
    Prisma.sql`SELECT id FROM "PurgeRequest" ORDER BY id LIMIT ${FOLD_BATCH} FOR UPDATE SKIP LOCKED`,
  );
}

function foldPathsOnce(db: Db, paths: readonly string[]): Promise<number> {
  if (paths.length === 0) return Promise.resolve(0);
  return upsertTaken(
    db,
    Prisma.sql`SELECT id FROM "PurgeRequest" WHERE path = ANY(${[...paths]}::varchar[]) ORDER BY id FOR UPDATE`,
  );
}

/**
 * One statement: deletes the requests `select` names and upserts their pages. Requests are locked
 * in id order and pages upserted in path order, so two folds never wait for each other in a circle.
 * The ids are gathered into an array first, so the delete is one index lookup per id whatever
 * the planner believes of the log's size: read as `id IN (subquery)` with statistics taken while
 * the log was empty, it re-ran the locking subquery for every request (55 s a fold of 5,000,
 * docs/benchmarks.md).
 */
async function upsertTaken(db: Db, select: Prisma.Sql): Promise<number> {
  const rows = await db.$queryRaw<{ requests: number }[]>`
    WITH taken AS (
      DELETE FROM "PurgeRequest" WHERE id = ANY(ARRAY(${select}))
      RETURNING path, "isChange", "requestedAt"),
    folded AS (
      SELECT path, count(*)::int AS requests, bool_or("isChange") AS changed,
        min("requestedAt") AS first, max("requestedAt") AS last,
        max("requestedAt") FILTER (WHERE "isChange") AS "lastChange"
      FROM taken GROUP BY path),
    upserted AS (
      INSERT INTO "PagePurge" (path, generation, "changeGeneration", "requestedAt", "changedAt", "nextAttemptAt")
      SELECT path, requests, CASE WHEN changed THEN requests ELSE 0 END, first, COALESCE("lastChange", first), last
      FROM folded ORDER BY path
      ON CONFLICT (path) DO UPDATE SET
        generation = "PagePurge".generation + EXCLUDED.generation,
        status = 'PENDING',
        "requestedAt" = CASE WHEN "PagePurge".status = 'DONE' THEN EXCLUDED."requestedAt" ELSE "PagePurge"."requestedAt" END,
        "changedAt" = CASE WHEN EXCLUDED."changeGeneration" > 0 THEN EXCLUDED."changedAt" ELSE "PagePurge"."changedAt" END,
        "changeGeneration" = CASE WHEN EXCLUDED."changeGeneration" > 0 THEN "PagePurge".generation + EXCLUDED.generation
          ELSE "PagePurge"."changeGeneration" END,
        attempts = CASE WHEN "PagePurge".status = 'DONE' THEN 0 ELSE "PagePurge".attempts END,
        "nextAttemptAt" = EXCLUDED."nextAttemptAt"
      RETURNING 1)
    SELECT (SELECT count(*) FROM taken)::int AS requests, (SELECT count(*) FROM upserted)::int AS pages`;
  return rows[0]?.requests ?? 0;
}

/**
 * The path's generation counting the requests not folded yet, read in one snapshot: it grows
 * with every request and a fold leaves it unchanged (0 for a page never queued).
 */
export async function pendingGeneration(db: Db, path: string): Promise<number> {
  return (await pendingGenerations(db, [path])).get(path) ?? 0;
}

/** `pendingGeneration` of each of `paths`, read in one statement (one snapshot). */
export async function pendingGenerations(db: Db, paths: readonly string[]): Promise<Map<string, number>> {
  if (paths.length === 0) return new Map();
  const rows = await db.$queryRaw<{ path: string; generation: number }[]>`
    SELECT asked.path, (COALESCE(p.generation, 0)
      + (SELECT count(*) FROM "PurgeRequest" r WHERE r.path = asked.path))::int AS generation
    FROM unnest(${[...new Set(paths)]}::varchar[]) AS asked(path)
    LEFT JOIN "PagePurge" p ON p.path = asked.path`;
  return new Map(rows.map((row) => [row.path, row.generation]));
}

/**
 * Tells listening workers that work is due (purge-events.ts): outbox rows, or a bulk job a web
 * instance created for them (a worker's drain pass does both). Inside a transaction PostgreSQL
 * delivers it at commit (and not at all on rollback), so a worker never looks before the rows are visible.
 */
export async function wakePurgeWorkers(db: Db): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${PURGES_DUE_CHANNEL}, '')`;
}

/** Tells the requests waiting for the pages how their claims were just settled (purge-events.ts): one notice each. */
async function announceSettled(db: Db, settlements: readonly Settlement[]): Promise<void> {
  await db.$executeRaw`
    SELECT pg_notify(${PURGES_SETTLED_CHANNEL}, notice) FROM unnest(${settlements.map(formatSettlement)}::text[]) AS notice`;
}

/** Claims those of `paths` that are pending and not claimed by another worker. */
export function claimPaths(db: Db, paths: readonly string[]): Promise<PurgeClaim[]> {
  if (paths.length === 0) return Promise.resolve([]);
  return db.$queryRaw<PurgeClaim[]>`
    WITH claimable AS (
      SELECT path FROM "PagePurge"
      WHERE path = ANY(${[...paths]}::varchar[]) AND status = 'PENDING'
        AND ("claimedUntil" IS NULL OR "claimedUntil" < now())
      ORDER BY path
      FOR UPDATE SKIP LOCKED)
    UPDATE "PagePurge" p SET "claimedUntil" = now() + make_interval(secs => ${QUEUE_POLICY.claimLeaseSeconds})
    FROM claimable WHERE p.path = claimable.path
    RETURNING p.path, p.generation, p."claimedUntil", p."regeneratedGeneration"`;
}

/** Which due rows a claim takes: all, only the documents (feed, sitemap, their pieces) or only the pages. */
export type ClaimScope = 'documents' | 'pages';

/** Claims up to `limit` rows whose next attempt is due, oldest request first. */
export function claimDue(db: Db, limit: number, graceMs = 0, scope?: ClaimScope): Promise<PurgeClaim[]> {
  return db.$queryRaw<PurgeClaim[]>`
    WITH due AS (
      SELECT path FROM "PagePurge"
      WHERE status = 'PENDING' AND "nextAttemptAt" <= now() - make_interval(secs => ${graceMs / 1000})
        AND ("claimedUntil" IS NULL OR "claimedUntil" < now())
        -- Under a document's path: its pieces, and those another release queued (docs/edge.md).
        AND (${!scope} OR (path IN (${FEED_PATH}, ${SITEMAP_PATH}) OR starts_with(path, ${`${FEED_PATH}/`})
          OR starts_with(path, ${`${SITEMAP_PATH}/`}))
          = ${scope === 'documents'})
      ORDER BY "requestedAt", path
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    UPDATE "PagePurge" p SET "claimedUntil" = now() + make_interval(secs => ${QUEUE_POLICY.claimLeaseSeconds})
    FROM due WHERE p.path = due.path
    RETURNING p.path, p.generation, p."claimedUntil", p."regeneratedGeneration"`;
}

/**
 * The claimed regeneration succeeded. DONE unless a change asked for the page again since the
 * claim; then the row stays PENDING, due now, for the regeneration that change needs.
 */
export async function finishPurge(db: Db, claim: PurgeClaim): Promise<boolean> {
  return (await finishPurges(db, [claim])).has(claim.path);
}

/**
 * `finishPurge` for many claims in two statements whatever their number (three when one was
 * changed meanwhile): a worker settles a hundred pages at once, and a statement and a notice per
 * page were a third of its round trips. Returns the paths that are now DONE.
 */
export async function finishPurges(db: Db, claims: readonly PurgeClaim[]): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  // A request still in the log counts as a change since the claim: above all the re-render the
  // render guard asks for, committed before the regeneration returned, when Next merged it with a
  // render that may have read older data. The fold that takes it moves the generation.
  // A claim changed meanwhile is due again now; its lease is released only if it is still ours
  // (after it expired, another worker may hold the row).
  // Rows and requests are found by the array of paths (`= ANY`, index lookups whatever the
  // estimate): joined to the claims alone, they were planned as a walk of the table per claim
  // whenever the statistics took the tables for empty (docs/purge.md, "The request log").
  const paths = claims.map((c) => c.path);
  const rows = await db.$queryRaw<{ path: string; done: boolean }[]>`
    WITH claim AS (
      SELECT * FROM unnest(${paths}::varchar[], ${claims.map((c) => c.generation)}::int[],
        ${claims.map((c) => c.claimedUntil)}::timestamptz[]) AS c(path, generation, "claimedUntil")
    ), locked AS (
      -- In path order, as the fold takes them (upsertTaken): two statements never wait for each other in a circle.
      SELECT p.path FROM "PagePurge" p WHERE p.path = ANY(${paths}::varchar[]) ORDER BY p.path FOR UPDATE
    ), done AS (
      UPDATE "PagePurge" p SET status = 'DONE', "doneAt" = now(), "claimedUntil" = NULL, attempts = 0, "lastError" = NULL
      FROM claim c JOIN locked l ON l.path = c.path
      WHERE p.path = ANY(${paths}::varchar[]) AND p.path = c.path AND p.generation = c.generation
        AND c.path <> ALL(ARRAY(SELECT DISTINCT path FROM "PurgeRequest" WHERE path = ANY(${paths}::varchar[])))
      RETURNING p.path
    ), released AS (
      UPDATE "PagePurge" p SET "claimedUntil" = NULL, "nextAttemptAt" = now()
      FROM claim c JOIN locked l ON l.path = c.path
      WHERE p.path = ANY(${paths}::varchar[]) AND p.path = c.path AND p."claimedUntil" = c."claimedUntil"
        AND c.path NOT IN (SELECT path FROM done)
      RETURNING p.path
    )
    SELECT path, true AS done FROM done UNION ALL SELECT path, false FROM released`;
  const done = new Set(rows.filter((row) => row.done).map((row) => row.path));
  // The change's own wake came while this claim held the row, so the drain it started passed
  // the row by: it is due only from now, so say so now rather than wait for a timer's look.
  if (rows.some((row) => !row.done)) await wakePurgeWorkers(db);
  // Pending when the generation moved: a later change, or a re-render the render guard asked for
  // because Next merged this regeneration with a render that may have read older data.
  await announceSettled(
    db,
    claims.map((claim) => ({
      path: claim.path,
      generation: claim.generation,
      outcome: done.has(claim.path) ? ('done' as const) : ('pending' as const),
    })),
  );
  return done;
}

/** The claimed regeneration failed: stays PENDING, retried after a backoff (or now, if changed meanwhile). */
export async function failPurge(
  db: Db,
  claim: PurgeClaim,
  error: string,
  {
    random = Math.random,
    retryWithinMs = QUEUE_POLICY.maxRetryMs,
  }: { random?: () => number; retryWithinMs?: number } = {},
): Promise<void> {
  const rows = await db.$queryRaw<{ attempts: number }[]>`
    SELECT attempts FROM "PagePurge" WHERE path = ${claim.path}`;
  const delayMs = retryDelayMs((rows[0]?.attempts ?? 0) + 1, random, retryWithinMs);
  await db.$executeRaw`
    UPDATE "PagePurge" SET attempts = attempts + 1, "lastError" = ${error.slice(0, 2000)}, "claimedUntil" = NULL,
      "nextAttemptAt" = CASE WHEN generation = ${claim.generation}
        THEN now() + make_interval(secs => ${delayMs / 1000}) ELSE now() END
    WHERE path = ${claim.path} AND status = 'PENDING' AND "claimedUntil" = ${claim.claimedUntil}`;
  await announceSettled(db, [{ path: claim.path, generation: claim.generation, outcome: 'retrying' }]);
}

/**
 * The claimed regeneration succeeded but some edge target has not purged the page yet: it stays
 * PENDING, due at `retryAt` (the earliest target's backoff), and is not rendered again unless a
 * change asks for it meanwhile.
 */
export async function recordEdgePurgesOwed(db: Db, claim: PurgeClaim, retryAt: Date, errors: string[]): Promise<void> {
  const error = errors.length > 0 ? `edge: ${errors.join('; ')}`.slice(0, 2000) : null;
  await db.$executeRaw`
    UPDATE "PagePurge" SET "regeneratedGeneration" = ${claim.generation}, "claimedUntil" = NULL,
      attempts = attempts + ${error ? 1 : 0}, "lastError" = COALESCE(${error}, "lastError"),
      "nextAttemptAt" = CASE WHEN generation = ${claim.generation} THEN ${retryAt} ELSE now() END
    WHERE path = ${claim.path} AND status = 'PENDING' AND "claimedUntil" = ${claim.claimedUntil}`;
  await announceSettled(db, [{ path: claim.path, generation: claim.generation, outcome: 'retrying' }]);
}

/** True when some purge is due and unclaimed: a cheap check before waking a drain. */
export async function hasDuePurges(db: Db, graceMs = 0): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT 1 FROM "PagePurge" WHERE status = 'PENDING' AND "nextAttemptAt" <= now() - make_interval(secs => ${graceMs / 1000})
      AND ("claimedUntil" IS NULL OR "claimedUntil" < now())
    UNION ALL
    SELECT 1 FROM "PurgeRequest" WHERE "requestedAt" <= now() - make_interval(secs => ${graceMs / 1000})
    LIMIT 1`;
  return rows.length > 0;
}

/** Makes a pending path due now (an admin's "retry now"). False when it is not pending. */
export async function retryNow(db: Db, path: string): Promise<boolean> {
  return (
    (await db.$executeRaw`
    UPDATE "PagePurge" SET "nextAttemptAt" = now() WHERE path = ${path} AND status = 'PENDING'`) > 0
  );
}
