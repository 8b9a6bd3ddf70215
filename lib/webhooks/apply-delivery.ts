/**
 * Applies claimed inbox deliveries, each through the one road every change takes
 * (lib/changes/commit-catalog-change.ts):
 *
 *   one transaction: the provider's applier changes the catalog, the road adds the audit rows and
 *   the outbox rows, and the delivery is marked applied or ignored
 *   after the commit: regenerate those pages now and report each
 *
 * A failure rolls all of it back and leaves the delivery pending with its reason, retried with
 * backoff; a body the applier refuses is ignored with the reason (a retry would not help).
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { ZodError } from 'zod';
import type { CatalogChangeScope, ChangeAuthor } from '../catalog/change-scope';
import { commitCatalogChange, purgeCommitted } from '../changes/commit-catalog-change';
import { getDb } from '../db';
import { DomainError } from '../errors';
import type { WebhookProvider } from '../generated/prisma/client';
import { HttpError } from '../http/errors';
import type { PurgeResult } from '../revalidation/purge-result';
import type { RegeneratePage } from '../revalidation/regenerate';
import { inTransaction, type TransactionLimits } from '../transaction';
import { failDelivery, finishDelivery, pruneInbox, type DeliveryClaim } from './inbox';

/** What applying a delivery did; the catalog changes themselves are recorded by the road. */
export interface DeliveryEffect {
  outcome: 'APPLIED' | 'IGNORED';
  /** Why it was ignored, or what it changed; kept with the delivery for operators. */
  detail: string;
}

/** A provider's code for its deliveries: who the change is by, and applying the stored body. */
export interface DeliveryApplier {
  authorOf(delivery: DeliveryClaim): ChangeAuthor;
  apply(scope: CatalogChangeScope, delivery: DeliveryClaim): Promise<DeliveryEffect>;
}
export type DeliveryAppliers = Record<WebhookProvider, DeliveryApplier>;

/** The effect of a delivery that changes nothing, and why. */
export function ignoredDelivery(detail: string): DeliveryEffect {
  return { outcome: 'IGNORED', detail };
}

export interface DeliveryReport {
  id: number;
  status: 'APPLIED' | 'IGNORED' | 'PENDING';
  detail: string;
  /** Every page the delivery queued, with how its regeneration went. */
  purge: PurgeResult[];
}

// The applier may wait for a row another change holds (a bulk change of its category): it runs
// after the sender has its answer, so it can wait longer than a form would, well inside the lease.
const DELIVERY_LIMITS: TransactionLimits = {
  lockTimeoutMs: 20_000,
  statementTimeoutMs: 20_000,
  timeoutMs: 30_000,
  maxWaitMs: 5_000,
};

// Each delivery being applied holds a pooled connection; shoppers' renders need the rest. One
// limiter per process: on globalThis, since each API route's bundle has its own module copies.
const globalForInbox = globalThis as unknown as { applyingDeliveries?: LimitFunction };
const applying = (globalForInbox.applyingDeliveries ??= pLimit(2));

/**
 * Takes a slot, claims with `claim` (so no lease runs out while waiting for a slot) and applies,
 * then each delivery of the same object that becomes due behind it, in order. The pages are
 * regenerated after the slot is released.
 */
export async function claimAndApply(
  claim: () => Promise<DeliveryClaim | null>,
  next: (after: DeliveryClaim) => Promise<DeliveryClaim | null>,
  appliers: DeliveryAppliers,
  regenerate: RegeneratePage,
): Promise<DeliveryReport[]> {
  const reports: DeliveryReport[] = [];
  let claimNext = claim;
  for (;;) {
    const applied = await applying(async () => {
      const claimed = await claimNext();
      return claimed && { claimed, ...(await applyClaim(claimed, appliers)) };
    });
    if (!applied) return reports;
    // Nobody waits for a delivery's report (the sender was answered first, and a drain pass applies
    // many in a row): pages another worker holds are left to it, not waited for.
    const purge = await purgeCommitted(applied.paths, regenerate, { waitMs: 0 });
    reports.push({ ...applied.report, purge });
    if (applied.report.status === 'PENDING') return reports;
    claimNext = () => next(applied.claimed);
  }
}

async function applyClaim(claim: DeliveryClaim, appliers: DeliveryAppliers) {
  try {
    const applier = appliers[claim.provider];
    const { value: effect, paths } = await commitCatalogChange(
      applier.authorOf(claim),
      (scope) => applier.apply(scope, claim),
      {
        limits: DELIVERY_LIMITS,
        beforeCommit: (tx, paths, effect) =>
          finishDelivery(tx, claim, { status: effect.outcome, detail: effect.detail, paths: [...paths] }),
      },
    );
    await pruneInbox(getDb()).catch(() => undefined); // housekeeping; the next delivery tries again
    return { report: { id: claim.id, status: effect.outcome, detail: effect.detail, purge: [] }, paths };
  } catch (error) {
    return { report: await settleFailure(claim, error), paths: [] };
  }
}

/** A refused body is ignored for good; anything else stays pending and is retried. */
async function settleFailure(claim: DeliveryClaim, error: unknown): Promise<DeliveryReport> {
  const reason = describe(error);
  try {
    if (isRefusal(error)) {
      const detail = `refused: ${reason}`;
      await inTransaction((tx) => finishDelivery(tx, claim, { status: 'IGNORED', detail, paths: [] }));
      return { id: claim.id, status: 'IGNORED', detail, purge: [] };
    }
    await failDelivery(getDb(), claim, reason);
  } catch (recordError) {
    // The database may be what failed: the claim's lease ends and the drainer takes it again.
    console.error(`webhook inbox: could not record the failure of delivery ${claim.id}: ${describe(recordError)}`);
  }
  return { id: claim.id, status: 'PENDING', detail: `not applied yet (${reason}); retried automatically`, purge: [] };
}

function isRefusal(error: unknown): boolean {
  return (
    error instanceof ZodError || error instanceof DomainError || (error instanceof HttpError && error.status < 500)
  );
}

function describe(error: unknown): string {
  if (error instanceof ZodError) return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  return error instanceof Error ? error.message : String(error);
}
