/**
 * One pass of the background work every server process does (the drain timer asks for it each
 * interval): apply the webhook deliveries that are due, then regenerate the purges that are due
 * (retries after failures, rows a crashed process left), each left alone while the request that
 * made it still has its window.
 */
import { resumeBulkJobs } from '../admin/bulk-price-jobs';
import { QUEUE_POLICY } from '../queue-policy';
import { drainOutbox } from '../revalidation/drain';
import { getEdgeTargets } from '../revalidation/edge/targets';
import type { RegeneratePage } from '../revalidation/regenerate';
import { deliveryAppliers } from '../webhooks/appliers';
import { drainInbox } from '../webhooks/process-inbox';

export async function drainDue(regenerate: RegeneratePage) {
  await resumeBulkJobs(); // bulk jobs a stopped process left RUNNING go on here, in the background
  const deliveries = await drainInbox(deliveryAppliers, regenerate, { graceMs: QUEUE_POLICY.requestWindowMs });
  const results = await drainOutbox(
    regenerate,
    QUEUE_POLICY.claimBatch,
    getEdgeTargets(),
    QUEUE_POLICY.requestWindowMs,
  );
  const ok = results.every((r) => r.ok) && deliveries.every((d) => d.status !== 'PENDING');
  return { ok, results, deliveries };
}
