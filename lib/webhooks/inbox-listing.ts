/**
 * What operators see of the webhook inbox: counts for /api/health and the dashboard's lists.
 */
import type { PrismaClient, WebhookProvider, WebhookStatus } from '../generated/prisma/client';

type Db = PrismaClient;

export interface InboxState {
  pending: number;
  /** Pending deliveries that failed at least once (retried with backoff). */
  failing: number;
  /** Deliveries that failed every attempt and wait for an operator. */
  failed: number;
  oldestPendingSeconds: number | null;
}

export async function inboxState(db: Db): Promise<InboxState> {
  const rows = await db.$queryRaw<{ pending: number; failing: number; failed: number; oldest: number | null }[]>`
    SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending,
      count(*) FILTER (WHERE status = 'PENDING' AND attempts > 0)::int AS failing,
      count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
      extract(epoch FROM now() - min("receivedAt") FILTER (WHERE status = 'PENDING'))::float AS oldest
    FROM "WebhookDelivery" WHERE status IN ('PENDING', 'FAILED')`;
  const row = rows[0];
  return {
    pending: row?.pending ?? 0,
    failing: row?.failing ?? 0,
    failed: row?.failed ?? 0,
    oldestPendingSeconds: row?.oldest ?? null,
  };
}

export interface InboxRow {
  id: number;
  provider: WebhookProvider;
  topic: string;
  objectId: string;
  status: WebhookStatus;
  detail: string;
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  nextAttemptAt: string;
  appliedAt: string | null;
}

export interface InboxLists {
  /** Failed for good (first), then pending (failing ones first): what may still change the catalog. */
  waiting: InboxRow[];
  /** Refused on reading (a body the shop cannot use): kept apart from harmless ignores. */
  refused: InboxRow[];
  recent: InboxRow[];
}

const rowSelect = {
  id: true,
  provider: true,
  topic: true,
  objectId: true,
  status: true,
  detail: true,
  attempts: true,
  lastError: true,
  receivedAt: true,
  nextAttemptAt: true,
  appliedAt: true,
} as const;

/** What the dashboard shows. */
export async function listInbox(db: Db, recentLimit = 50): Promise<InboxLists> {
  const [waiting, refused, recent] = await Promise.all([
    db.webhookDelivery.findMany({
      where: { status: { in: ['FAILED', 'PENDING'] } },
      select: rowSelect,
      // FAILED sorts after PENDING in the enum: descending puts it first.
      orderBy: [{ status: 'desc' }, { attempts: 'desc' }, { receivedAt: 'asc' }],
      take: 500,
    }),
    db.webhookDelivery.findMany({
      where: { status: 'IGNORED', detail: { startsWith: 'refused' } },
      select: rowSelect,
      orderBy: { id: 'desc' },
      take: recentLimit,
    }),
    db.webhookDelivery.findMany({
      where: { status: { in: ['APPLIED', 'IGNORED'] } },
      select: rowSelect,
      orderBy: { id: 'desc' },
      take: recentLimit,
    }),
  ]);
  const serialise = (row: (typeof waiting)[number]): InboxRow => ({
    ...row,
    receivedAt: row.receivedAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    appliedAt: row.appliedAt?.toISOString() ?? null,
  });
  return { waiting: waiting.map(serialise), refused: refused.map(serialise), recent: recent.map(serialise) };
}
