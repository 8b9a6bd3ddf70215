/**
 * A bulk price job's life outside its batches: who runs it (a lease), how far it got, and the
 * admin's cancel. The batches themselves are in bulk-price-batch.ts.
 */
import { getDb } from '../db';
import { NotFoundError } from '../errors';

const jobSelect = {
  id: true,
  status: true,
  target: true,
  adjustment: true,
  actor: true,
  batchSize: true,
  totalVariants: true,
  batchesDone: true,
  variantsDone: true,
  variantsChanged: true,
  variantsSkipped: true,
  cancelRequested: true,
  leaseExpiresAt: true,
  error: true,
  createdAt: true,
  finishedAt: true,
} as const;

/** A job as the dashboard shows it (dates as ISO strings, so it crosses getServerSideProps). */
export interface BulkPriceJobView {
  id: number;
  status: 'RUNNING' | 'DONE' | 'CANCELLED' | 'FAILED';
  actor: string;
  batchSize: number;
  totalVariants: number;
  /** Batches so far, and about how many in all (a batch takes whole products, so it may end sooner). */
  batchesDone: number;
  batchesEstimated: number;
  variantsDone: number;
  variantsChanged: number;
  variantsSkipped: number;
  cancelRequested: boolean;
  /** RUNNING, but no process has renewed its lease in time: the drain pass will resume it. */
  stalled: boolean;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

type JobRecord = Awaited<ReturnType<typeof findJobs>>[number];

function findJobs(where: { id?: number }, take: number) {
  return getDb().bulkPriceJob.findMany({ where, select: jobSelect, orderBy: { id: 'desc' }, take });
}

function reshapeJob(job: JobRecord): BulkPriceJobView {
  return {
    id: job.id,
    status: job.status,
    actor: job.actor,
    batchSize: job.batchSize,
    totalVariants: job.totalVariants,
    batchesDone: job.batchesDone,
    batchesEstimated: Math.max(job.batchesDone, Math.ceil(job.totalVariants / job.batchSize)),
    variantsDone: job.variantsDone,
    variantsChanged: job.variantsChanged,
    variantsSkipped: job.variantsSkipped,
    cancelRequested: job.cancelRequested,
    stalled: job.status === 'RUNNING' && (job.leaseExpiresAt === null || job.leaseExpiresAt.getTime() < Date.now()),
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export async function getBulkPriceJob(id: number): Promise<BulkPriceJobView> {
  const [job] = await findJobs({ id }, 1);
  if (!job) throw new NotFoundError(`No bulk job ${id}`);
  return reshapeJob(job);
}

/** The latest jobs, newest first: the dashboard's list (one line per job, however many prices). */
export async function listBulkPriceJobs(take = 10): Promise<BulkPriceJobView[]> {
  return (await findJobs({}, take)).map(reshapeJob);
}

/**
 * Asks a running job to stop after its current batch. A job nobody runs (its lease expired) is
 * cancelled at once; one whose runner holds its row waits for that batch's commit first.
 */
export async function cancelBulkPriceJob(id: number): Promise<BulkPriceJobView> {
  await getDb().$executeRaw`
    UPDATE "BulkPriceJob" SET "cancelRequested" = true, "updatedAt" = now(),
      status = CASE WHEN "leaseExpiresAt" IS NULL OR "leaseExpiresAt" < now() THEN 'CANCELLED'::"BulkJobStatus" ELSE status END,
      "finishedAt" = CASE WHEN "leaseExpiresAt" IS NULL OR "leaseExpiresAt" < now() THEN now() ELSE NULL END
    WHERE id = ${id} AND status = 'RUNNING'`;
  return getBulkPriceJob(id);
}

/** Takes over the RUNNING jobs whose runner stopped renewing their lease (a restart, a crash). */
export async function claimStalledBulkJobs(owner: string, leaseMs: number): Promise<number[]> {
  const rows = await getDb().$queryRaw<{ id: number }[]>`
    UPDATE "BulkPriceJob" SET "leaseOwner" = ${owner}, "leaseExpiresAt" = now() + make_interval(secs => ${leaseMs / 1000}),
      "updatedAt" = now()
    WHERE status = 'RUNNING' AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < now())
    RETURNING id`;
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

/** Whether some job waits for a runner: the drain timer's cue to call the drain pass. */
export async function hasStalledBulkJobs(): Promise<boolean> {
  const found = await getDb().bulkPriceJob.findFirst({
    where: { status: 'RUNNING', OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: new Date() } }] },
    select: { id: true },
  });
  return found !== null;
}

/** Lets go of a job the database was too busy for: the next drain pass resumes it. */
export async function releaseBulkJob(id: number, owner: string): Promise<void> {
  await getDb().$executeRaw`
    UPDATE "BulkPriceJob" SET "leaseExpiresAt" = now(), "updatedAt" = now()
    WHERE id = ${id} AND "leaseOwner" = ${owner} AND status = 'RUNNING'`;
}

/** Ends a job on an error a retry would not cure; its committed batches stay committed. */
export async function failBulkJob(id: number, owner: string, message: string): Promise<void> {
  await getDb().$executeRaw`
    UPDATE "BulkPriceJob" SET status = 'FAILED', error = ${message.slice(0, 1000)}, "finishedAt" = now(),
      "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "updatedAt" = now()
    WHERE id = ${id} AND "leaseOwner" = ${owner} AND status = 'RUNNING'`;
}

/** The author a job's batches write as: its admin, and the job, named on every price row. */
export async function authorOfJob(id: number) {
  const job = await getDb().bulkPriceJob.findUnique({ where: { id }, select: { actor: true, adminUserId: true } });
  if (!job) throw new NotFoundError(`No bulk job ${id}`);
  return {
    source: 'ADMIN' as const,
    actor: job.actor,
    ...(job.adminUserId !== null && { adminUserId: job.adminUserId }),
    bulkJobId: id,
  };
}
