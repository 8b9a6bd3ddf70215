/**
 * A bulk price change driven the way the dashboard's bulk page drives it: preview, apply (the
 * answer is 202 with a job), then follow the job until it is no longer RUNNING.
 */
import { getDb } from '../../../lib/db';
import type { AdminClient } from './admin-client';

interface PreviewBody {
  previewToken: string;
  rows: { variantId: number; version: number }[];
}

export interface JobBody {
  job: { id: number; status: string; variantsChanged: number; batchesDone: number };
}

export interface BulkChangeTimes {
  previewMs: number;
  /** performance.now() when the apply was sent. */
  applySent: number;
  applyMs: number;
  firstBatchMs: number;
  jobMs: number;
  batches: number;
  updated: number;
}

/**
 * Preview then apply, then follow the job to its end; returns each step's time. The job's pages
 * go through the outbox (the drainer regenerates them), so no page is purged in a request.
 */
export async function applyBulkChange(
  admin: AdminClient,
  categoryId: number,
  percent: number,
): Promise<BulkChangeTimes> {
  const request = { target: { categoryId }, adjustment: { kind: 'percent', percent } };
  const preview = await admin.send<PreviewBody>('POST', '/api/admin/bulk-price/preview', request);
  if (preview.status !== 200) throw new Error(`preview answered ${preview.status}: ${JSON.stringify(preview.body)}`);
  const firstVariant = preview.body.rows[0];
  if (!firstVariant) throw new Error(`category ${categoryId} has no variants`);
  const applySent = performance.now();
  const committed = watchCommit(firstVariant.variantId, firstVariant.version);
  const apply = await admin.send<JobBody>('POST', '/api/admin/bulk-price/apply', {
    ...request,
    previewToken: preview.body.previewToken,
  });
  if (apply.status !== 202) throw new Error(`apply answered ${apply.status}: ${JSON.stringify(apply.body)}`);
  const job = await jobEnd(admin, apply.body.job.id);
  if (job.status !== 'DONE') throw new Error(`the bulk job ended ${job.status}`);
  return {
    previewMs: preview.ms,
    applySent,
    applyMs: apply.ms,
    firstBatchMs: (await committed) - applySent,
    jobMs: performance.now() - applySent,
    batches: job.batchesDone,
    updated: job.variantsChanged,
  };
}

/** Follows the job (as the page does) until it is no longer RUNNING. */
async function jobEnd(admin: AdminClient, id: number): Promise<JobBody['job']> {
  for (;;) {
    const { status, body } = await admin.send<JobBody>('GET', `/api/admin/bulk-price/jobs/${id}`);
    if (status !== 200) throw new Error(`job ${id} answered ${status}`);
    if (body.job.status !== 'RUNNING') return body.job;
    await sleep(100);
  }
}

/** When the job's first batch committed, seen from outside: the moment its first variant's version moves. */
async function watchCommit(variantId: number, version: number): Promise<number> {
  for (;;) {
    const row = await getDb().variant.findUnique({ where: { id: variantId }, select: { version: true } });
    if (row?.version !== version) return performance.now();
    await sleep(20);
  }
}

export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
