/**
 * What the purge outbox holds right now, for the dashboard and /api/health: read-only, so
 * anyone may ask (only the change road and the drain write the outbox).
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { PurgeResult } from './purge-result';

type Db = PrismaClient | Prisma.TransactionClient;

export interface QueueState {
  pending: number;
  failing: number;
  oldestPendingSeconds: number | null;
}

export async function queueState(db: Db): Promise<QueueState> {
  // Pending: the PENDING rows, and the paths whose requests are still in the log (not folded yet),
  // each path once. Grouped, not joined: with statistics taken while the log was empty, a join
  // of the two was planned as a scan of one table per row of the other (docs/benchmarks.md).
  const rows = await db.$queryRaw<{ pending: number; failing: number; oldest: number | null }[]>`
    WITH pending AS (
      SELECT path, max(attempts) AS attempts, min("requestedAt") AS "requestedAt" FROM (
        SELECT path, attempts, "requestedAt" FROM "PagePurge" WHERE status = 'PENDING'
        UNION ALL
        SELECT path, 0, "requestedAt" FROM "PurgeRequest") AS asked
      GROUP BY path)
    SELECT count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0)::int AS failing,
      extract(epoch FROM now() - min("requestedAt"))::float AS oldest
    FROM pending`;
  const row = rows[0];
  return { pending: row?.pending ?? 0, failing: row?.failing ?? 0, oldestPendingSeconds: row?.oldest ?? null };
}

export interface QueueRow {
  path: string;
  status: 'PENDING' | 'DONE';
  attempts: number;
  lastError: string | null;
  requestedAt: string;
  nextAttemptAt: string;
  doneAt: string | null;
}

/** What the dashboard shows: every pending purge (failing ones first) and the latest done. */
export async function listQueue(db: Db, doneLimit = 50): Promise<{ pending: QueueRow[]; recentlyDone: QueueRow[] }> {
  const select = {
    path: true,
    status: true,
    attempts: true,
    lastError: true,
    requestedAt: true,
    nextAttemptAt: true,
    doneAt: true,
  } as const;
  const [pending, done, logged] = await Promise.all([
    db.pagePurge.findMany({
      where: { status: 'PENDING' },
      select,
      orderBy: [{ attempts: 'desc' }, { requestedAt: 'asc' }],
      take: 500,
    }),
    db.pagePurge.findMany({ where: { status: 'DONE' }, select, orderBy: { doneAt: 'desc' }, take: doneLimit }),
    // Requested but not folded into PagePurge yet (a worker does that in moments): pending too.
    db.$queryRaw<{ path: string; requestedAt: Date }[]>`
      SELECT path, min("requestedAt") AS "requestedAt" FROM "PurgeRequest" GROUP BY path
      ORDER BY min("requestedAt") LIMIT 500`,
  ]);
  const serialise = (row: (typeof pending)[number]): QueueRow => ({
    ...row,
    requestedAt: row.requestedAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    doneAt: row.doneAt?.toISOString() ?? null,
  });
  const listed = new Set(pending.map((row) => row.path));
  const requested = logged
    .filter((row) => !listed.has(row.path))
    .map((row) => ({
      path: row.path,
      status: 'PENDING' as const,
      attempts: 0,
      lastError: null,
      requestedAt: row.requestedAt,
      nextAttemptAt: row.requestedAt,
      doneAt: null,
    }));
  return { pending: [...pending, ...requested].slice(0, 500).map(serialise), recentlyDone: done.map(serialise) };
}

/**
 * Those of `paths` whose purge is settled: done (regenerated after its last change), or failed and
 * waiting for its retry (not while a worker holds it). The others are still queued.
 */
export async function settledPurges(db: Db, paths: readonly string[], durationMs = 0): Promise<PurgeResult[]> {
  return (await purgeStates(db, paths, durationMs)).settled;
}

/**
 * `settledPurges`, and the generation each of the others is at: a regeneration of that
 * generation (or a later one) covers every change folded before this read.
 */
export async function purgeStates(
  db: Db,
  paths: readonly string[],
  durationMs = 0,
): Promise<{ settled: PurgeResult[]; generations: Map<string, number> }> {
  const rows = await db.pagePurge.findMany({
    where: { path: { in: [...paths] } },
    select: { path: true, status: true, generation: true, lastError: true, nextAttemptAt: true, claimedUntil: true },
  });
  const now = new Date();
  const settled: PurgeResult[] = [];
  const generations = new Map<string, number>();
  for (const row of rows) {
    if (row.status === 'DONE') settled.push({ path: row.path, ok: true, durationMs });
    else if (row.lastError && row.nextAttemptAt > now && !(row.claimedUntil && row.claimedUntil > now)) {
      settled.push({ path: row.path, ok: false, durationMs, error: `${row.lastError}; retried automatically` });
    } else generations.set(row.path, row.generation);
  }
  return { settled, generations };
}
