/**
 * Applies claimed inbox deliveries, each through the one road every change takes:
 *
 *   one transaction: the provider's applier changes the catalog (with audit rows), the pages it
 *   touched go into the purge outbox, the delivery is marked applied or ignored
 *   after the commit: regenerate those pages now and report each
 *
 * A failure rolls all of it back and leaves the delivery pending with its reason, retried with
 * backoff; a body the applier refuses is ignored with the reason (a retry would not help).
 */
import pLimit from 'p-limit';
import { ZodError } from 'zod';
import { getDb } from '../db';
import type { WebhookProvider } from '../generated/prisma/client';
import { HttpError } from '../http/errors';
import { purgeQueued } from '../revalidation/drain';
import type { CatalogChange } from '../revalidation/paths-for-change';
import type { PurgeResult, RegeneratePage } from '../revalidation/purge';
import { pathsForChanges } from '../revalidation/purge-changes';
import { queuePurges } from '../revalidation/outbox';
import { inTransaction, type TransactionLimits, type Tx } from '../transaction';
import { claimNextOfObject, failDelivery, finishDelivery, type DeliveryClaim } from './inbox';

/** What applying a delivery did to the catalog. */
export interface DeliveryEffect {
  outcome: 'APPLIED' | 'IGNORED';
  /** Why it was ignored, or what it changed; kept with the delivery for operators. */
  detail: string;
  changes: CatalogChange[];
}

/** A provider's code for its deliveries: parses the stored body and applies it in `tx`. */
export type DeliveryApplier = (tx: Tx, delivery: DeliveryClaim) => Promise<DeliveryEffect>;
export type DeliveryAppliers = Record<WebhookProvider, DeliveryApplier>;

export interface DeliveryReport {
  id: number;
  status: 'APPLIED' | 'IGNORED' | 'PENDING';
  detail: string;
  /** Every page the delivery queued, with how its regeneration went. */
  purge: PurgeResult[];
}

// The applier may wait for a row another change holds (a bulk change of its category): it runs
// after the sender has its answer, so it can wait longer than a form would, up to the lease.
const DELIVERY_LIMITS: TransactionLimits = {
  lockTimeoutMs: 20_000,
  statementTimeoutMs: 20_000,
  timeoutMs: 30_000,
  maxWaitMs: 5_000,
};
// Each waiting delivery holds a pooled connection; shoppers' renders need the rest.
const applying = pLimit(2);

/** Applies `first`, then each delivery of its object that becomes due behind it, in order. */
export async function applyInOrder(
  first: DeliveryClaim,
  appliers: DeliveryAppliers,
  regenerate: RegeneratePage,
): Promise<DeliveryReport[]> {
  const reports: DeliveryReport[] = [];
  for (let claim: DeliveryClaim | null = first; claim;) {
    const report = await applying(() => applyClaim(claim as DeliveryClaim, appliers, regenerate));
    reports.push(report);
    claim = report.status === 'PENDING' ? null : await claimNextOfObject(getDb(), claim);
  }
  return reports;
}

async function applyClaim(
  claim: DeliveryClaim,
  appliers: DeliveryAppliers,
  regenerate: RegeneratePage,
): Promise<DeliveryReport> {
  let outcome: { effect: DeliveryEffect; paths: string[] };
  try {
    outcome = await inTransaction(async (tx) => {
      const effect = await appliers[claim.provider](tx, claim);
      const paths = pathsForChanges(effect.changes);
      await queuePurges(tx, paths);
      await finishDelivery(tx, claim, { status: effect.outcome, detail: effect.detail, paths });
      return { effect, paths };
    }, DELIVERY_LIMITS);
  } catch (error) {
    return settleFailure(claim, error);
  }
  // The pages are in the outbox already: what this call cannot finish in time, the drainer does.
  const purge = await purgeQueued(outcome.paths, regenerate, { waitMs: 500 });
  return { id: claim.id, status: outcome.effect.outcome, detail: outcome.effect.detail, purge };
}

/** A refused body is ignored for good; anything else stays pending and is retried. */
async function settleFailure(claim: DeliveryClaim, error: unknown): Promise<DeliveryReport> {
  const reason = describe(error);
  try {
    if (isRefusal(error)) {
      await inTransaction((tx) =>
        finishDelivery(tx, claim, { status: 'IGNORED', detail: `refused: ${reason}`, paths: [] }),
      );
      return { id: claim.id, status: 'IGNORED', detail: `refused: ${reason}`, purge: [] };
    }
    await failDelivery(getDb(), claim, reason);
  } catch (recordError) {
    // The database may be what failed: the claim's lease ends and the drainer takes it again.
    console.error(`webhook inbox: could not record the failure of delivery ${claim.id}: ${describe(recordError)}`);
  }
  return { id: claim.id, status: 'PENDING', detail: `not applied yet (${reason}); retried automatically`, purge: [] };
}

function isRefusal(error: unknown): boolean {
  return error instanceof ZodError || (error instanceof HttpError && error.status < 500);
}

function describe(error: unknown): string {
  if (error instanceof ZodError) return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  return error instanceof Error ? error.message : String(error);
}
