/**
 * The worker's pass when a change commits (NOTIFY `page_purges_due`): a web instance's request is
 * waiting for these pages, so the worker claims and purges them at once, in this process, with
 * no due checks first (the NOTIFY says there is work; an empty claim costs one query). Then it
 * takes over the bulk jobs a web instance left to it (the same NOTIFY wakes it for those). The
 * webhook inbox, lease releases and retries stay with the drain timer (drain-timer.ts).
 */
import { resumeBulkJobs } from '../admin/bulk-price-jobs';
import { regeneratorUsing } from '../http/regenerator';
import { QUEUE_POLICY } from '../queue-policy';
import { drainOutbox } from '../revalidation/drain';
import { getEdgeTargets } from '../revalidation/edge/targets';
import { nextRevalidate } from './next-revalidate';

/** Drains the due outbox until a claim comes back short; `throughRoute` when Next cannot render in process yet. */
export async function drainCommitted(throughRoute: () => void): Promise<void> {
  const revalidate = nextRevalidate();
  if (!revalidate) {
    throughRoute();
    return;
  }
  const regenerate = regeneratorUsing(revalidate);
  while (
    (await drainOutbox(regenerate, QUEUE_POLICY.claimBatch, getEdgeTargets(), 0)).length >= QUEUE_POLICY.claimBatch
  ) {
    // a full batch: a bulk change queued more, look again at once
  }
  await resumeBulkJobs();
}
