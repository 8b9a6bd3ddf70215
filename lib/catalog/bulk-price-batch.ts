/**
 * One batch of a bulk price job, inside the change road's transaction (the road writes its audit
 * rows and queues its pages). The job's row is locked first, so two processes that both think
 * they run the job take turns; the job's cursor (the last whole product done) moves in the same
 * transaction as the prices, so a batch is applied once whoever runs it, and a job resumed after
 * a crash carries on where its last commit left it.
 */
import type { VariantRecord } from './bulk-price-change';
import { previewRow, type PriceAdjustment } from './bulk-price-rules';
import type { CatalogChangeScope } from './change-scope';
import type { Tx } from '../transaction';

export type BatchOutcome =
  /** A batch was committed; there may be more. */
  | { state: 'applied'; changed: number; skipped: number }
  /** Nothing left to do: the job is DONE. */
  | { state: 'done' }
  /** The admin asked to stop: the job is CANCELLED after its last committed batch. */
  | { state: 'cancelled' }
  /** The job is no longer this runner's (its lease went to another process, or it already ended). */
  | { state: 'not-ours' };

interface JobRow {
  status: string;
  leaseOwner: string | null;
  cancelRequested: boolean;
  batchSize: number;
  doneThroughProductId: number;
  adjustment: PriceAdjustment;
}

interface LockedVariant extends VariantRecord {
  status: string;
}

/** Applies the job's next batch, or ends the job when nothing is left or a cancel was asked. */
export async function applyNextBulkBatch(
  scope: CatalogChangeScope,
  jobId: number,
  owner: string,
  leaseMs: number,
): Promise<BatchOutcome> {
  const { tx } = scope;
  const [job] = await tx.$queryRaw<JobRow[]>`
    SELECT status, "leaseOwner", "cancelRequested", "batchSize", "doneThroughProductId", adjustment
    FROM "BulkPriceJob" WHERE id = ${jobId} FOR UPDATE`;
  if (!job || job.status !== 'RUNNING' || job.leaseOwner !== owner) return { state: 'not-ours' };
  if (job.cancelRequested) return endJob(tx, jobId, 'CANCELLED');
  const items = await nextItems(tx, jobId, job.doneThroughProductId, job.batchSize);
  if (items.length === 0) return endJob(tx, jobId, 'DONE');
  const productIds = [...new Set(items.map((item) => item.productId))];
  await scope.lockProducts(productIds); // a price change moves nothing: its listings are shared
  const variants = await lockVariants(
    tx,
    items.map((item) => item.variantId),
  );
  const changes = [];
  for (const item of items) {
    const variant = variants.get(item.variantId);
    // Saved by another writer since the job began (or archived, or deleted): left as it is now.
    if (!variant || variant.version !== item.expectedVersion || variant.status === 'ARCHIVED') continue;
    const row = previewRow({ ...variant, product: { slug: variant.slug, title: variant.title } }, job.adjustment);
    if (row.changed) changes.push({ id: row.variantId, productId: row.productId, price: row.newPrice, row });
  }
  await writePrices(
    tx,
    changes.map(({ id, price, row }) => ({ id, price, compareAt: row.compareAtDropped ? null : row.compareAtPrice })),
  );
  const changedProducts = [...new Set(changes.map((c) => c.productId))];
  await tx.$executeRaw`UPDATE "Product" SET version = version + 1, "updatedAt" = now() WHERE id = ANY(${changedProducts}::int[])`;
  for (const id of changedProducts) scope.markChanged(id);
  const skipped = items.length - changes.length;
  const lastProductId = Math.max(...productIds);
  await tx.$executeRaw`
    UPDATE "BulkPriceJob" SET "doneThroughProductId" = ${lastProductId}, "batchesDone" = "batchesDone" + 1, "variantsDone" = "variantsDone" + ${items.length},
      "variantsChanged" = "variantsChanged" + ${changes.length}, "variantsSkipped" = "variantsSkipped" + ${skipped},
      "leaseExpiresAt" = now() + make_interval(secs => ${leaseMs / 1000}), "updatedAt" = now()
    WHERE id = ${jobId}`;
  return { state: 'applied', changed: changes.length, skipped };
}

/**
 * The variants of the first `batchSize` items after the cursor in product order, plus the rest of
 * the last product's: whole products, because a product's version and pages move once per batch.
 * Two range reads of the (jobId, productId, variantId) index, whatever the job's progress.
 */
function nextItems(tx: Tx, jobId: number, afterProductId: number, batchSize: number) {
  return tx.$queryRaw<{ variantId: number; productId: number; expectedVersion: number }[]>`
    SELECT "variantId", "productId", "expectedVersion" FROM "BulkPriceJobItem"
    WHERE "jobId" = ${jobId} AND "productId" > ${afterProductId} AND "productId" <= (
      SELECT max("productId") FROM (
        SELECT "productId" FROM "BulkPriceJobItem" WHERE "jobId" = ${jobId} AND "productId" > ${afterProductId}
        ORDER BY "productId", "variantId" LIMIT ${batchSize}) AS first)
    ORDER BY "variantId"`;
}

/** Row locks in id order (the order every writer takes), after the products' locks. */
async function lockVariants(tx: Tx, ids: number[]): Promise<Map<number, LockedVariant>> {
  const rows = await tx.$queryRaw<LockedVariant[]>`
    SELECT v.id, v."productId", v.sku, v.currency, v.price, v."compareAtPrice", v.version, p.slug, p.title,
      p.status::text AS status
    FROM "Variant" v JOIN "Product" p ON p.id = v."productId"
    WHERE v.id = ANY(${ids}::int[]) ORDER BY v.id FOR UPDATE OF v`;
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * One UPDATE for the whole batch. Each variant's version moves (and each product's, above): the
 * product form saves from the version it loaded, so a form opened before the change cannot
 * silently put the old prices back.
 */
async function writePrices(tx: Tx, prices: { id: number; price: number; compareAt: number | null }[]): Promise<void> {
  if (prices.length === 0) return;
  await tx.$executeRaw`
    UPDATE "Variant" v SET price = u.price, "compareAtPrice" = u.compare_at, version = v.version + 1, "updatedAt" = now()
    FROM unnest(${prices.map((p) => p.id)}::int[], ${prices.map((p) => p.price)}::int[],
      ${prices.map((p) => p.compareAt)}::int[]) AS u(id, price, compare_at)
    WHERE v.id = u.id`;
}

async function endJob(tx: Tx, jobId: number, status: 'DONE' | 'CANCELLED'): Promise<BatchOutcome> {
  await tx.$executeRaw`
    UPDATE "BulkPriceJob" SET status = ${status}::"BulkJobStatus", "finishedAt" = now(), "leaseOwner" = NULL,
      "leaseExpiresAt" = NULL, "updatedAt" = now()
    WHERE id = ${jobId}`;
  return { state: status === 'DONE' ? 'done' : 'cancelled' };
}
