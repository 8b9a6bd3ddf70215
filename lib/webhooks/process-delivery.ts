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
import { purgeCatalogChanges } from '../revalidation/purge-changes';
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
  const committed = await getDb().$transaction(
    async (tx) => {
      if (!(await claimDelivery(tx, delivery))) return null;
      const effect = await apply(tx);
      await tx.webhookDelivery.update({
        where: { provider_deliveryId: { provider: delivery.provider, deliveryId: delivery.deliveryId } },
        data: { outcome: effect.outcome, detail: effect.detail.slice(0, 2000) },
      });
      return effect;
    },
    // Shopify gives up after 5 s; a delivery stuck behind a long bulk change should fail and be retried.
    { maxWait: 2_000, timeout: 4_000 },
  );
  if (!committed) return { duplicate: true, outcome: 'DUPLICATE' };
  const purge = await purgeCatalogChanges(committed.changes, regenerate);
  return { duplicate: false, outcome: committed.outcome, detail: committed.detail, purge };
}

/** Inserts the delivery's row; false when a committed row with its id already exists. */
async function claimDelivery(tx: Prisma.TransactionClient, delivery: Delivery): Promise<boolean> {
  const inserted = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO "WebhookDelivery" (provider, "deliveryId", "eventId", topic, "objectId", outcome)
    VALUES (${delivery.provider}::"WebhookProvider", ${delivery.deliveryId}, ${delivery.eventId},
      ${delivery.topic}, ${delivery.objectId}, 'IGNORED')
    ON CONFLICT (provider, "deliveryId") DO NOTHING
    RETURNING id`;
  return inserted.length === 1;
}
