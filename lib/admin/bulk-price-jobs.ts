/**
 * Runs bulk price jobs: batch after batch, each its own transaction through the change road
 * (audit rows and outbox rows with it), until the job is done, cancelled or fails. The process
 * that creates a job runs it in the background; the drain pass resumes any job whose runner
 * stopped renewing its lease (resumeBulkJobs). Without a request to regenerate in, each batch's
 * pages go to the outbox, and the drainer regenerates and purges them (docs/purge.md).
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { applyNextBulkBatch } from '../catalog/bulk-price-batch';
import { createBulkPriceJob } from '../catalog/bulk-price-change';
import {
  authorOfJob,
  claimStalledBulkJobs,
  failBulkJob,
  getBulkPriceJob,
  releaseBulkJob,
  type BulkPriceJobView,
} from '../catalog/bulk-price-jobs';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import { getEnv } from '../env';
import { wakeWorkers } from '../worker/wake-workers';
import { busyErrorFrom, type TransactionLimits } from '../transaction';
import type { BulkPriceApplyInput } from '../validations/bulk-price';
import { authorOf, type AdminIdentity } from './session';

/** This process, as the owner of the job leases it holds. */
const THIS_RUNNER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** A runner renews its lease with every batch; this is far above one batch, so only a dead runner loses it. */
export const BULK_JOB_LEASE_MS = 60_000;

/** One batch: a few hundred variants, one UPDATE, bounded whatever the job's size. */
export const BULK_BATCH_LIMITS: TransactionLimits = {
  lockTimeoutMs: 10_000,
  statementTimeoutMs: 20_000,
  timeoutMs: 30_000,
  maxWaitMs: 10_000,
};

/**
 * Creates the job for a previewed change and starts running it in this process; answers at once.
 * A `PURGE_ROLE=web` process leaves it to the worker instead (its batches would compete with the
 * shoppers it serves): the job is created with its lease already over, and the worker is woken.
 */
export async function startBulkPriceJob(input: BulkPriceApplyInput, admin: AdminIdentity): Promise<BulkPriceJobView> {
  const runsHere = getEnv().PURGE_ROLE !== 'web';
  const { id } = await createBulkPriceJob({
    ...input,
    author: authorOf(admin),
    leaseOwner: THIS_RUNNER,
    leaseMs: runsHere ? BULK_JOB_LEASE_MS : 0,
  });
  if (runsHere) void runBulkPriceJob(id);
  else await wakeWorkers();
  return getBulkPriceJob(id);
}

/** Runs the job's batches until it ends or is no longer this runner's; never throws. */
export async function runBulkPriceJob(jobId: number, owner: string = THIS_RUNNER): Promise<void> {
  try {
    const author = await authorOfJob(jobId);
    // A job runs for minutes: the log says which process ran it (PURGE_ROLE=web never does).
    console.info(`bulk job ${jobId}: running in ${owner} (PURGE_ROLE=${getEnv().PURGE_ROLE})`);
    for (;;) {
      const { value } = await commitCatalogChange(
        author,
        (scope) => applyNextBulkBatch(scope, jobId, owner, BULK_JOB_LEASE_MS),
        { limits: BULK_BATCH_LIMITS },
      );
      if (value.state !== 'applied') {
        console.info(`bulk job ${jobId}: ${value.state === 'not-ours' ? 'left to another runner' : value.state}`);
        return;
      }
    }
  } catch (error) {
    await settleFailure(jobId, owner, error).catch((again: unknown) => {
      console.error(`bulk job ${jobId}: could not record its failure:`, again);
    });
  }
}

/**
 * A busy database (a lock held too long, no connection) passes: the job lets go of its lease
 * and the next drain pass resumes it. Anything else would fail again: the job is FAILED.
 */
async function settleFailure(jobId: number, owner: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`bulk job ${jobId}:`, message);
  if (busyErrorFrom(error)) await releaseBulkJob(jobId, owner);
  else await failBulkJob(jobId, owner, message);
}

/**
 * Called by every drain pass: takes over the jobs left RUNNING by a process that stopped (a
 * restart, a crash) and runs them in the background here, so the pass does not wait for them.
 * Returns the ids it took, and a promise of their end (for tests and scripts).
 */
export async function resumeBulkJobs(
  owner: string = THIS_RUNNER,
): Promise<{ resumed: number[]; settled: Promise<void> }> {
  const resumed = await claimStalledBulkJobs(owner, BULK_JOB_LEASE_MS);
  const settled = Promise.all(resumed.map((id) => runBulkPriceJob(id, owner))).then(() => undefined);
  return { resumed, settled };
}
