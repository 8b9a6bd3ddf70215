/**
 * The webhook inbox (table WebhookDelivery): a verified delivery is recorded with its body before
 * the sender gets its answer, so the answer never waits on the catalog (Shopify gives up after
 * 5 s, and a bulk change can hold a product's row for longer). It is applied right after, and
 * retried until it is, exactly like a page in the purge outbox: claimed with SKIP LOCKED and a
 * lease, failures kept with their reason and backed off (lib/retry-policy.ts).
 *
 * Order: deliveries about one object are applied in `orderedAt` order. One is claimable only when
 * no earlier delivery of its object is in flight or due; an earlier one backing off after a
 * failure does not hold the later ones up (each applier ignores news older than what it applied).
 */
import type { Prisma, PrismaClient, WebhookProvider } from '../generated/prisma/client';
import { CLAIM_LEASE_SECONDS, retryDelayMs } from '../retry-policy';

type Db = PrismaClient | Prisma.TransactionClient;

/** A verified delivery, as the provider's receiving code describes it. */
export interface ReceivedDelivery {
  provider: WebhookProvider;
  /** Same on every retry of one delivery: Stripe's event id, Shopify's X-Shopify-Webhook-Id. */
  deliveryId: string;
  eventId: string | null;
  topic: string;
  objectId: string;
  orderedAt: Date;
  /** The raw body, whose signature was checked. */
  payload: string;
}

/** A delivery claimed for applying; the lease end identifies the claim. */
export interface DeliveryClaim {
  id: number;
  provider: WebhookProvider;
  deliveryId: string;
  eventId: string | null;
  topic: string;
  objectId: string;
  payload: string;
  attempts: number;
  claimedUntil: Date;
}

/** Records a delivery; its id, or null when this delivery id was recorded before (a redelivery). */
export async function recordDelivery(db: Db, delivery: ReceivedDelivery): Promise<number | null> {
  const rows = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO "WebhookDelivery" (provider, "deliveryId", "eventId", topic, "objectId", "orderedAt", payload)
    VALUES (${delivery.provider}::"WebhookProvider", ${delivery.deliveryId}, ${delivery.eventId}, ${delivery.topic},
      ${delivery.objectId}, ${delivery.orderedAt}, ${delivery.payload})
    ON CONFLICT (provider, "deliveryId") DO NOTHING
    RETURNING id`;
  return rows[0]?.id ?? null;
}

/** Claims the delivery `id` if it is pending, unclaimed and first in its object's order. */
export async function claimDelivery(db: Db, id: number): Promise<DeliveryClaim | null> {
  const [claimed] = await claim(db, { id, object: null, limit: 1, graceMs: null });
  return claimed ?? null;
}

/** Claims the next due delivery of the object `of` is about (the one after it in order), if any. */
export async function claimNextOfObject(db: Db, of: DeliveryClaim): Promise<DeliveryClaim | null> {
  const [claimed] = await claim(db, { id: null, object: of, limit: 1, graceMs: 0 });
  return claimed ?? null;
}

/** Claims up to `limit` due deliveries, oldest first, leaving those younger than `graceMs` to their request. */
export function claimDueDeliveries(db: Db, limit: number, graceMs = 0): Promise<DeliveryClaim[]> {
  return claim(db, { id: null, object: null, limit, graceMs });
}

interface ClaimFilter {
  id: number | null;
  object: { provider: WebhookProvider; objectId: string } | null;
  limit: number;
  /** null: whether due or not (a request applying the delivery it just recorded). */
  graceMs: number | null;
}

async function claim(db: Db, { id, object, limit, graceMs }: ClaimFilter): Promise<DeliveryClaim[]> {
  const rows = await db.$queryRaw<DeliveryClaim[]>`
    WITH claimable AS (
      SELECT d.id FROM "WebhookDelivery" d
      WHERE d.status = 'PENDING' AND ("claimedUntil" IS NULL OR "claimedUntil" < now())
        AND (${id}::int IS NULL OR d.id = ${id}::int)
        AND (${object?.objectId ?? null}::text IS NULL
          OR (d.provider = ${object?.provider ?? null}::"WebhookProvider" AND d."objectId" = ${object?.objectId ?? null}::text))
        AND (${graceMs}::float8 IS NULL OR d."nextAttemptAt" <= now() - make_interval(secs => ${(graceMs ?? 0) / 1000}))
        AND NOT EXISTS (
          SELECT 1 FROM "WebhookDelivery" e
          WHERE e.provider = d.provider AND e."objectId" = d."objectId" AND e.status = 'PENDING'
            AND (e."orderedAt", e.id) < (d."orderedAt", d.id)
            AND (e."nextAttemptAt" <= now() OR e."claimedUntil" >= now()))
      ORDER BY d."orderedAt", d.id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    UPDATE "WebhookDelivery" d SET "claimedUntil" = now() + make_interval(secs => ${CLAIM_LEASE_SECONDS})
    FROM claimable WHERE d.id = claimable.id
    RETURNING d.id, d.provider, d."deliveryId", d."eventId", d.topic, d."objectId", d.payload, d.attempts,
      d."claimedUntil"`;
  return rows;
}

export interface DeliveryOutcome {
  status: 'APPLIED' | 'IGNORED';
  detail: string;
  paths: readonly string[];
}

/**
 * Records what applying the claimed delivery did. Call in the transaction that applied it: if the
 * lease was lost meanwhile (it expired and another worker took the row), this throws and the
 * change rolls back, so a delivery is never applied twice.
 */
export async function finishDelivery(tx: Prisma.TransactionClient, claim: DeliveryClaim, outcome: DeliveryOutcome) {
  const updated = await tx.$executeRaw`
    UPDATE "WebhookDelivery" SET status = ${outcome.status}::"WebhookStatus", detail = ${outcome.detail.slice(0, 2000)},
      paths = ${[...outcome.paths]}::text[], "appliedAt" = now(), "claimedUntil" = NULL, "lastError" = NULL
    WHERE id = ${claim.id} AND status = 'PENDING' AND "claimedUntil" = ${claim.claimedUntil}`;
  if (updated !== 1) throw new Error(`delivery ${claim.id}: the claim expired before it was applied`);
}

/** Applying the claimed delivery failed: it stays pending, retried after a backoff. */
export async function failDelivery(
  db: Db,
  claim: DeliveryClaim,
  error: string,
  random: () => number = Math.random,
): Promise<void> {
  const delayMs = retryDelayMs(claim.attempts + 1, random);
  await db.$executeRaw`
    UPDATE "WebhookDelivery" SET attempts = attempts + 1, "lastError" = ${error.slice(0, 2000)}, "claimedUntil" = NULL,
      "nextAttemptAt" = now() + make_interval(secs => ${delayMs / 1000})
    WHERE id = ${claim.id} AND status = 'PENDING' AND "claimedUntil" = ${claim.claimedUntil}`;
}

/** Makes a pending delivery due now (an admin's "Retry now"). False when it is not pending. */
export async function retryDeliveryNow(db: Db, id: number): Promise<boolean> {
  const updated = await db.$executeRaw`
    UPDATE "WebhookDelivery" SET "nextAttemptAt" = now() WHERE id = ${id} AND status = 'PENDING'`;
  return updated > 0;
}

/** True when some delivery is due and unclaimed: a cheap check before waking a drain. */
export async function hasDueDeliveries(db: Db, graceMs = 0): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT 1 FROM "WebhookDelivery" WHERE status = 'PENDING'
      AND "nextAttemptAt" <= now() - make_interval(secs => ${graceMs / 1000})
      AND ("claimedUntil" IS NULL OR "claimedUntil" < now()) LIMIT 1`;
  return rows.length > 0;
}

export interface InboxState {
  pending: number;
  /** Pending deliveries that failed at least once. */
  failing: number;
  oldestPendingSeconds: number | null;
}

export async function inboxState(db: Db): Promise<InboxState> {
  const rows = await db.$queryRaw<{ pending: number; failing: number; oldest: number | null }[]>`
    SELECT count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0)::int AS failing,
      extract(epoch FROM now() - min("receivedAt"))::float AS oldest
    FROM "WebhookDelivery" WHERE status = 'PENDING'`;
  const row = rows[0];
  return { pending: row?.pending ?? 0, failing: row?.failing ?? 0, oldestPendingSeconds: row?.oldest ?? null };
}

export interface InboxRow {
  id: number;
  provider: WebhookProvider;
  topic: string;
  objectId: string;
  status: 'PENDING' | 'APPLIED' | 'IGNORED';
  detail: string;
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  nextAttemptAt: string;
  appliedAt: string | null;
}

/** What the dashboard shows: pending deliveries (failing first) and the latest applied or ignored. */
export async function listInbox(db: Db, recentLimit = 50): Promise<{ pending: InboxRow[]; recent: InboxRow[] }> {
  const select = {
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
  const [pending, recent] = await Promise.all([
    db.webhookDelivery.findMany({
      where: { status: 'PENDING' },
      select,
      orderBy: [{ attempts: 'desc' }, { receivedAt: 'asc' }],
      take: 500,
    }),
    db.webhookDelivery.findMany({
      where: { status: { not: 'PENDING' } },
      select,
      orderBy: { id: 'desc' },
      take: recentLimit,
    }),
  ]);
  const serialise = (row: (typeof pending)[number]): InboxRow => ({
    ...row,
    receivedAt: row.receivedAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    appliedAt: row.appliedAt?.toISOString() ?? null,
  });
  return { pending: pending.map(serialise), recent: recent.map(serialise) };
}
