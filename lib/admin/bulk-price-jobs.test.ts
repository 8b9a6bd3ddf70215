/**
 * Issue 16's proof for bulk changes: a job larger than one batch commits batch by batch,
 * survives a restart mid-job (another process resumes it once the lease expires), and ends with
 * every price changed exactly once; a cancel stops it after a batch; the job is one audit entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyNextBulkBatch } from '../catalog/bulk-price-batch';
import { createBulkPriceJob, previewBulkPriceChange } from '../catalog/bulk-price-change';
import { cancelBulkPriceJob, getBulkPriceJob, listBulkPriceJobs } from '../catalog/bulk-price-jobs';
import type { PriceAdjustment } from '../catalog/bulk-price-rules';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import { getDb } from '../db';
import { resumeBulkJobs, runBulkPriceJob } from './bulk-price-jobs';
import { authorOf, type AdminIdentity } from './session';

const PREFIX = `bulkjob-${Date.now().toString(36)}`;
const minus10: PriceAdjustment = { kind: 'percent', percent: -10 };
const LEASE_MS = 60_000;
let admin: AdminIdentity;

/** A category of `count` products, one variant each at 1000 + i, plus one product with two variants. */
async function createCategory(name: string, count: number) {
  const db = getDb();
  const category = await db.category.create({ data: { slug: `${PREFIX}-${name}`, name } });
  for (let i = 0; i < count; i += 1) {
    const slug = `${PREFIX}-${name}-${i}`;
    const prices = i === 1 ? [1000 + i, 5000] : [1000 + i];
    await db.product.create({
      data: {
        slug,
        title: slug,
        status: 'ACTIVE',
        variants: {
          create: prices.map((price, v) => ({ sku: `${slug}-${v}`, title: `V${v}`, price, currency: 'USD' })),
        },
        categories: { create: { categoryId: category.id, position: i } },
      },
    });
  }
  return category.id;
}

function variantsOf(categoryId: number) {
  return getDb().variant.findMany({
    where: { product: { categories: { some: { categoryId } } } },
    select: { id: true, price: true },
    orderBy: { id: 'asc' },
  });
}

/** Creates a job for a fresh preview of the category, leased to `owner`. */
async function createJob(categoryId: number, owner: string, batchSize: number) {
  const { previewToken } = await previewBulkPriceChange({ categoryId }, minus10);
  const author = authorOf(admin);
  return (
    await createBulkPriceJob({
      target: { categoryId },
      adjustment: minus10,
      previewToken,
      author,
      leaseOwner: owner,
      leaseMs: LEASE_MS,
      batchSize,
    })
  ).id;
}

/** One batch as `owner` runs it: its own transaction through the change road. */
function runOneBatch(jobId: number, owner: string) {
  return commitCatalogChange({ ...authorOf(admin), bulkJobId: jobId }, (scope) =>
    applyNextBulkBatch(scope, jobId, owner, LEASE_MS),
  );
}

/** What a process that died some time ago leaves: its job RUNNING, its lease run out. */
async function expireLease(jobId: number) {
  await getDb()
    .$executeRaw`UPDATE "BulkPriceJob" SET "leaseExpiresAt" = now() - interval '1 second' WHERE id = ${jobId}`;
}

/** Every price is the -10 % of its original exactly once (a second pass would take 10 % again). */
function expectChangedOnce(before: { id: number; price: number }[], after: { id: number; price: number }[]) {
  expect(after).toEqual(before.map((v) => ({ id: v.id, price: Math.round((v.price * 9) / 10) })));
}

beforeAll(async () => {
  const row = await getDb().adminUser.create({
    data: { email: `${PREFIX}@shop.test`, name: 'Job test', passwordHash: 'x' },
  });
  admin = { id: row.id, email: row.email, name: row.name };
});

afterAll(async () => {
  await getDb().bulkPriceJob.deleteMany({ where: { actor: `${PREFIX}@shop.test` } });
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().category.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().adminUser.deleteMany({ where: { email: `${PREFIX}@shop.test` } });
  await getDb().$disconnect();
});

describe('a bulk price job', () => {
  it('commits batch by batch: each batch is visible, counted and audited before the next runs', async () => {
    const categoryId = await createCategory('batches', 6); // 7 variants
    const before = await variantsOf(categoryId);
    const jobId = await createJob(categoryId, 'runner-a', 2);

    const first = await runOneBatch(jobId, 'runner-a');
    // Product 0 (one variant) and product 1 (two): whole products, so 3 variants in batch 1.
    expect(first.value).toEqual({ state: 'applied', changed: 3, skipped: 0 });
    const afterOne = await variantsOf(categoryId);
    expect(afterOne.filter((v, i) => v.price !== before[i]?.price)).toHaveLength(3);
    expect(await getBulkPriceJob(jobId)).toMatchObject({
      status: 'RUNNING',
      batchesDone: 1,
      variantsDone: 3,
      totalVariants: 7,
    });
    expect(await getDb().priceChange.count({ where: { bulkJobId: jobId } })).toBe(3);

    await runBulkPriceJob(jobId, 'runner-a');
    expect(await getBulkPriceJob(jobId)).toMatchObject({
      status: 'DONE',
      batchesDone: 3,
      variantsDone: 7,
      variantsChanged: 7,
    });
    expectChangedOnce(before, await variantsOf(categoryId));
  });

  it('survives a restart mid-job: another process resumes it after the lease, and every price changes exactly once', async () => {
    const categoryId = await createCategory('restart', 9); // 10 variants
    const before = await variantsOf(categoryId);
    const jobId = await createJob(categoryId, 'dead-process', 2);
    await runOneBatch(jobId, 'dead-process');
    await runOneBatch(jobId, 'dead-process');
    // The process dies inside its third batch: the transaction rolls back, nothing of it stays.
    await expect(
      commitCatalogChange({ ...authorOf(admin), bulkJobId: jobId }, async (scope) => {
        await applyNextBulkBatch(scope, jobId, 'dead-process', LEASE_MS);
        throw new Error('process killed');
      }),
    ).rejects.toThrow('process killed');
    expect(await getBulkPriceJob(jobId)).toMatchObject({ status: 'RUNNING', batchesDone: 2, stalled: false });

    // While the lease runs, nobody else takes the job.
    expect((await resumeBulkJobs('restarted')).resumed).not.toContain(jobId);
    await expireLease(jobId);
    expect(await getBulkPriceJob(jobId)).toMatchObject({ stalled: true });
    const { resumed, settled } = await resumeBulkJobs('restarted');
    expect(resumed).toContain(jobId);
    await settled;

    expect(await getBulkPriceJob(jobId)).toMatchObject({ status: 'DONE', variantsDone: 10, variantsChanged: 10 });
    expectChangedOnce(before, await variantsOf(categoryId));
    const audit = await getDb().priceChange.groupBy({ by: ['variantId'], where: { bulkJobId: jobId }, _count: true });
    expect(audit.map((row) => row._count)).toEqual(before.map(() => 1));
    // The old process, waking up, finds the job is no longer its own.
    expect((await runOneBatch(jobId, 'dead-process')).value).toEqual({ state: 'not-ours' });
  });

  it('stops after the current batch when cancelled; what was committed stays', async () => {
    const categoryId = await createCategory('cancel', 4);
    const before = await variantsOf(categoryId);
    const jobId = await createJob(categoryId, 'runner-c', 1);
    await runOneBatch(jobId, 'runner-c');
    expect(await cancelBulkPriceJob(jobId)).toMatchObject({ status: 'RUNNING', cancelRequested: true });
    await runBulkPriceJob(jobId, 'runner-c');

    expect(await getBulkPriceJob(jobId)).toMatchObject({ status: 'CANCELLED', batchesDone: 1, variantsChanged: 1 });
    const after = await variantsOf(categoryId);
    expect(after.filter((v, i) => v.price !== before[i]?.price)).toHaveLength(1);
  });

  it('is cancelled at once when no process runs it', async () => {
    const categoryId = await createCategory('orphan', 2);
    const jobId = await createJob(categoryId, 'gone', 1);
    await expireLease(jobId);
    expect(await cancelBulkPriceJob(jobId)).toMatchObject({ status: 'CANCELLED' });
    expect((await resumeBulkJobs('restarted')).resumed).not.toContain(jobId);
  });

  it('is one entry of the audit log: every price row names the job, and the job names its admin', async () => {
    const categoryId = await createCategory('audit', 3);
    const jobId = await createJob(categoryId, 'runner-d', 2);
    await runBulkPriceJob(jobId, 'runner-d');
    const rows = await getDb().priceChange.findMany({ where: { product: { categories: { some: { categoryId } } } } });
    expect(rows.map((row) => row.bulkJobId)).toEqual([jobId, jobId, jobId, jobId]);
    expect(rows.every((row) => row.actor === admin.email && row.adminUserId === admin.id)).toBe(true);
    expect((await listBulkPriceJobs()).find((job) => job.id === jobId)).toMatchObject({
      actor: admin.email,
      status: 'DONE',
      variantsChanged: 4,
    });
  });
});
