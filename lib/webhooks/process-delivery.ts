/**
 * The road every verified webhook delivery takes, whichever provider sent it:
 *
 *   one transaction: claim the delivery id -> apply it to the catalog (with audit rows)
 *   after the commit: purge the pages the change touched
 *
 * Claiming the delivery id in the same transaction as the change is what makes a retry safe:
 * if anything fails, both roll back and the sender's retry starts clean (we answer 5xx); if the
 * change committed, the retry finds the claim and does nothing. Two copies arriving together
 * queue on the unique index, and the second sees the first's claim once it commits.
 */
import { getDb } from '../db';
import type { Prisma, WebhookOutcome, WebhookProvider } from '../generated/prisma/client';
import type { CatalogChange } from '../revalidation/paths-for-change';
import { purgeCatalogChanges, queueCatalogChanges } from '../revalidation/purge-changes';
import type { PurgeResult, RegeneratePage } from '../revalidation/purge';

export interface Delivery {
  provider: WebhookProvider;
  /** Same on every retry of one delivery: Stripe's event id, Shopify's X-Shopify-Webhook-Id. */
  deliveryId: string;
  eventId: string | null;
  topic: string;
  objectId: string;
}

export interface DeliveryEffect {
  outcome: WebhookOutcome;
  /** Why it was ignored, or what it changed; kept with the delivery for operators. */
  detail: string;
  changes: CatalogChange[];
}

export type ApplyDelivery = (tx: Prisma.TransactionClient) => Promise<DeliveryEffect>;

export type DeliveryResult =
  | { duplicate: true; outcome: 'DUPLICATE' }
  | { duplicate: false; outcome: WebhookOutcome; detail: string; purge: PurgeResult[] };

export async function processDelivery(
  delivery: Delivery,
  apply: ApplyDelivery,
  regenerate: RegeneratePage,
): Promise<DeliveryResult> {
  let committed: DeliveryEffect | null;
  try {
    committed = await getDb().$transaction(
      async (tx) => {
        if (!(await claimDelivery(tx, delivery))) return null;
        const effect = await apply(tx);
        await queueCatalogChanges(tx, effect.changes);
        await tx.webhookDelivery.update({
          where: { provider_deliveryId: { provider: delivery.provider, deliveryId: delivery.deliveryId } },
          data: { outcome: effect.outcome, detail: effect.detail.slice(0, 2000) },
        });
        return effect;
      },
      // Shopify gives up after 5 s: wait at most 1 s for a connection and 3 s for the work, so a
      // delivery stuck behind a long bulk change fails (and is retried) rather than time out.
      { maxWait: 1_000, timeout: 3_000 },
    );
  } catch (error) {
    await recordFailure(delivery, error);
    throw error;
  }
  if (!committed) return { duplicate: true, outcome: 'DUPLICATE' };
  // The pages are in the outbox already: what this request cannot finish in time, the drainer does.
  const purge = await purgeCatalogChanges(committed.changes, regenerate, { waitMs: 500 });
  return { duplicate: false, outcome: committed.outcome, detail: committed.detail, purge };
}

/**
 * Claims the delivery id: inserts its row, or takes over the row of an earlier attempt that
 * failed. False when the delivery was already applied (or ignored): a duplicate.
 */
async function claimDelivery(tx: Prisma.TransactionClient, delivery: Delivery): Promise<boolean> {
  const claimed = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO "WebhookDelivery" (provider, "deliveryId", "eventId", topic, "objectId", outcome)
    VALUES (${delivery.provider}::"WebhookProvider", ${delivery.deliveryId}, ${delivery.eventId},
      ${delivery.topic}, ${delivery.objectId}, 'IGNORED')
    ON CONFLICT (provider, "deliveryId") DO UPDATE SET outcome = 'IGNORED', detail = ''
      WHERE "WebhookDelivery".outcome = 'FAILED'
    RETURNING id`;
  return claimed.length === 1;
}

/**
 * Keeps a record of a delivery that failed (the change itself rolled back), so operators can see
 * it; the sender's retry claims the row again. Best effort: the database may be what failed.
 */
async function recordFailure(delivery: Delivery, error: unknown): Promise<void> {
  const reason = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  try {
    await getDb().$executeRaw`
      INSERT INTO "WebhookDelivery" (provider, "deliveryId", "eventId", topic, "objectId", outcome, detail)
      VALUES (${delivery.provider}::"WebhookProvider", ${delivery.deliveryId}, ${delivery.eventId},
        ${delivery.topic}, ${delivery.objectId}, 'FAILED', ${reason})
      ON CONFLICT (provider, "deliveryId") DO UPDATE SET detail = EXCLUDED.detail, "receivedAt" = now()
        WHERE "WebhookDelivery".outcome = 'FAILED'`;
  } catch {
    // Nothing more to do: the error itself is answered 5xx and logged by the route.
  }
}
