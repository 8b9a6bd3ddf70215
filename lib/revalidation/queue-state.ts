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
  const rows = await db.$queryRaw<{ pending: number; failing: number; oldest: number | null }[]>`
    SELECT count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0)::int AS failing,
      extract(epoch FROM now() - min("requestedAt"))::float AS oldest
    FROM "PagePurge" WHERE status = 'PENDING'`;
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
  const [pending, done] = await Promise.all([
    db.pagePurge.findMany({
      where: { status: 'PENDING' },
      select,
      orderBy: [{ attempts: 'desc' }, { requestedAt: 'asc' }],
      take: 500,
    }),
    db.pagePurge.findMany({ where: { status: 'DONE' }, select, orderBy: { doneAt: 'desc' }, take: doneLimit }),
  ]);
  const serialise = (row: (typeof pending)[number]): QueueRow => ({
    ...row,
    requestedAt: row.requestedAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    doneAt: row.doneAt?.toISOString() ?? null,
  });
  return { pending: pending.map(serialise), recentlyDone: done.map(serialise) };
}

/**
 * Those of `paths` whose purge is settled: done (regenerated after its last change), or failed and
 * waiting for its retry (not while a worker holds it). The others are still queued.
 */
export async function settledPurges(db: Db, paths: readonly string[], durationMs = 0): Promise<PurgeResult[]> {
  const rows = await db.pagePurge.findMany({
    where: { path: { in: [...paths] } },
    select: { path: true, status: true, lastError: true, nextAttemptAt: true, claimedUntil: true },
  });
  const now = new Date();
  const settled: PurgeResult[] = [];
  for (const row of rows) {
    if (row.status === 'DONE') settled.push({ path: row.path, ok: true, durationMs });
    else if (row.lastError && row.nextAttemptAt > now && !(row.claimedUntil && row.claimedUntil > now)) {
      settled.push({ path: row.path, ok: false, durationMs, error: `${row.lastError}; retried automatically` });
    }
  }
  return settled;
}
