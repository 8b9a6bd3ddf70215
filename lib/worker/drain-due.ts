/**
 * One pass of the background work every draining process does (the drain timer asks for it each
 * interval, and a worker at each commit): take over the bulk price jobs nobody is running,
 * rebalance the listings changes asked for (lib/changes/rebalance-listings.ts), apply
 * the webhook deliveries that are due, then regenerate the purges that are due (retries after
 * failures, rows a crashed process left), each left alone while the request that made it still
 * has its window.
 */
import { resumeBulkJobs } from '../admin/bulk-price-jobs';
import { getEnv } from '../env';
import { ConflictError } from '../errors';
import { QUEUE_POLICY } from '../queue-policy';
import { rebalanceDueListings } from '../changes/rebalance-listings';
import { drainOutbox } from '../revalidation/drain';
import { getEdgeTargets } from '../revalidation/edge/targets';
import type { RegeneratePage } from '../revalidation/regenerate';
import { deliveryAppliers } from '../webhooks/appliers';
import { drainInbox } from '../webhooks/process-inbox';
import { purgeGraceMs } from './purge-grace';

export async function drainDue(regenerate: RegeneratePage) {
  if (getEnv().PURGE_ROLE === 'web') {
    throw new ConflictError(
      'this instance runs with PURGE_ROLE=web: it neither drains nor regenerates; its worker does',
    );
  }
  await resumeBulkJobs(); // they go on in the background here; this pass does not wait for them
  // Listings a committed change left out of bounds: rebalanced here, never in the change itself.
  await rebalanceDueListings();
  const deliveries = await drainInbox(deliveryAppliers, regenerate, {
    limit: QUEUE_POLICY.inboxDrainBatch,
    graceMs: QUEUE_POLICY.requestWindowMs,
  });
  const results = await drainOutbox(regenerate, QUEUE_POLICY.claimBatch, getEdgeTargets(), purgeGraceMs());
  const ok = results.every((r) => r.ok) && deliveries.every((d) => d.status !== 'PENDING');
  return { ok, results, deliveries };
}
