/**
 * The worker's passes when a change commits (NOTIFY `page_purges_due`): a web instance's request is
 * waiting for the pages, so the worker claims and purges them at once, in this process, with no
 * due checks first (the NOTIFY says there is work; an empty claim costs one query). The shared
 * documents (the pieces of the feed and the sitemap) have a pass of their own: their rebuild must
 * not hold the next change's pages back (a save answers without them, docs/purge.md). The pages'
 * pass then takes over the bulk jobs a web instance left to it (the same NOTIFY wakes it for
 * those). The webhook inbox, lease releases and retries stay with the drain timer (drain-timer.ts).
 */
import { resumeBulkJobs } from '../admin/bulk-price-jobs';
import { regeneratorUsing } from '../http/regenerator';
import { QUEUE_POLICY } from '../queue-policy';
import { drainOutbox } from '../revalidation/drain';
import { getEdgeTargets } from '../revalidation/edge/targets';
import { nextRevalidate } from './next-revalidate';

/**
 * Drains the due pages (or the due shared documents) until a claim comes back short;
 * `throughRoute` when Next cannot render in process yet.
 */
export async function drainCommitted(kind: 'pages' | 'documents', throughRoute: () => void): Promise<void> {
  const revalidate = nextRevalidate();
  if (!revalidate) {
    throughRoute();
    return;
  }
  const regenerate = regeneratorUsing(revalidate);
  const drainBatch = () => drainOutbox(regenerate, QUEUE_POLICY.claimBatch, getEdgeTargets(), 0, kind);
  while ((await drainBatch()).length >= QUEUE_POLICY.claimBatch) {
    // a full batch: a bulk change queued more, look again at once
  }
  if (kind === 'pages') await resumeBulkJobs();
}
