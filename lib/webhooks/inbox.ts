/**
 * The webhook inbox (table WebhookDelivery): a verified delivery is recorded with its body before
 * the sender gets its answer, so the answer never waits on the catalog (Shopify gives up after
 * 5 s, and a bulk change can hold a product's row for longer). It is applied right after, and
 * retried until it is, exactly like a page in the purge outbox: claimed with SKIP LOCKED and a
 * lease, failures kept with their reason and backed off (lib/queue-policy.ts).
 *
 * Order: deliveries about one object are applied in `orderedAt` order. One is claimable only when
 * no earlier delivery of its object is in flight or due; an earlier one backing off after a
 * failure does not hold the later ones up (each applier ignores news older than what it applied).
 */
import type { PrismaClient, WebhookProvider } from '../generated/prisma/client';
import { Prisma } from '../generated/prisma/client';
import { QUEUE_POLICY, retryDelayMs } from '../queue-policy';

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

/**
 * A delivery a worker may take now (SQL over alias `d`): pending, unclaimed, due `graceMs` ago
 * (null: due or not), and no earlier delivery of its object in flight or due.
 */
function claimable(graceMs: number | null): Prisma.Sql {
  const due =
    graceMs === null
      ? Prisma.sql`TRUE`
      : Prisma.sql`d."nextAttemptAt" <= now() - make_interval(secs => ${graceMs / 1000})`;
  return Prisma.sql`d.status = 'PENDING' AND (d."claimedUntil" IS NULL OR d."claimedUntil" < now()) AND ${due}
    AND NOT EXISTS (
      SELECT 1 FROM "WebhookDelivery" e
      WHERE e.provider = d.provider AND e."objectId" = d."objectId" AND e.status = 'PENDING'
        AND (e."orderedAt", e.id) < (d."orderedAt", d.id)
        AND (e."nextAttemptAt" <= now() OR e."claimedUntil" >= now()))`;
}

async function claim(db: Db, { id, object, limit, graceMs }: ClaimFilter): Promise<DeliveryClaim[]> {
  const byId = id === null ? Prisma.sql`TRUE` : Prisma.sql`d.id = ${id}`;
  const byObject =
    object === null
      ? Prisma.sql`TRUE`
      : Prisma.sql`d.provider = ${object.provider}::"WebhookProvider" AND d."objectId" = ${object.objectId}`;
  return db.$queryRaw<DeliveryClaim[]>`
    WITH taken AS (
      SELECT d.id FROM "WebhookDelivery" d
      WHERE ${claimable(graceMs)} AND ${byId} AND ${byObject}
      ORDER BY d."orderedAt", d.id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    UPDATE "WebhookDelivery" d SET "claimedUntil" = now() + make_interval(secs => ${QUEUE_POLICY.claimLeaseSeconds})
    FROM taken WHERE d.id = taken.id
    RETURNING d.id, d.provider, d."deliveryId", d."eventId", d.topic, d."objectId", d.payload, d.attempts,
      d."claimedUntil"`;
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

/**
 * Applying the claimed delivery failed: it stays pending, retried after a backoff, until its
 * maxDeliveryAttempts-th failure marks it FAILED for an operator (it no longer holds up its object).
 */
export async function failDelivery(
  db: Db,
  claim: DeliveryClaim,
  error: string,
  random: () => number = Math.random,
): Promise<void> {
  const attempts = claim.attempts + 1;
  const delayMs = retryDelayMs(attempts, random);
  const status = attempts >= QUEUE_POLICY.maxDeliveryAttempts ? 'FAILED' : 'PENDING';
  await db.$executeRaw`
    UPDATE "WebhookDelivery" SET attempts = ${attempts}, "lastError" = ${error.slice(0, 2000)}, "claimedUntil" = NULL,
      status = ${status}::"WebhookStatus", "nextAttemptAt" = now() + make_interval(secs => ${delayMs / 1000})
    WHERE id = ${claim.id} AND status = 'PENDING' AND "claimedUntil" = ${claim.claimedUntil}`;
}

/** Makes a waiting or failed delivery due now (an admin's "Retry now"). False when there is none to retry. */
export async function retryDeliveryNow(db: Db, id: number): Promise<boolean> {
  const updated = await db.$executeRaw`
    UPDATE "WebhookDelivery" SET status = 'PENDING', "nextAttemptAt" = now()
    WHERE id = ${id} AND status IN ('PENDING', 'FAILED')`;
  return updated > 0;
}

/** True when some delivery could be claimed now: a cheap check before waking a drain. */
export async function hasDueDeliveries(db: Db, graceMs = 0): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT 1 FROM "WebhookDelivery" d WHERE ${claimable(graceMs)} LIMIT 1`;
  return rows.length > 0;
}

/**
 * Keeps the inbox from growing for ever: bodies of deliveries settled more than 7 days ago are
 * dropped (what they did stays), and rows older than 35 days go entirely, well past the window in
 * which Stripe (3 days) or Shopify (4 hours) redeliver, which the row exists to recognise.
 * A bounded batch per call, so it can ride along with the drain.
 */
export async function pruneInbox(db: Db, batch = 200): Promise<void> {
  await db.$executeRaw`
    DELETE FROM "WebhookDelivery" WHERE id IN (
      SELECT id FROM "WebhookDelivery" WHERE status IN ('APPLIED', 'IGNORED')
        AND "receivedAt" < now() - interval '35 days' ORDER BY "receivedAt" LIMIT ${batch})`;
  await db.$executeRaw`
    UPDATE "WebhookDelivery" SET payload = '' WHERE id IN (
      SELECT id FROM "WebhookDelivery" WHERE status IN ('APPLIED', 'IGNORED') AND payload <> ''
        AND "receivedAt" < now() - interval '7 days' ORDER BY "receivedAt" LIMIT ${batch})`;
}
