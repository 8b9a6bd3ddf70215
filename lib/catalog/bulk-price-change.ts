/**
 * Bulk price changes: a preview of old → new for every variant of the target's products (one
 * page of rows, totals over all of them, and a token naming the versions it saw), and the
 * creation of the job that applies it in batches (bulk-price-batch.ts).
 */
import { createHash } from 'node:crypto';
import { getDb } from '../db';
import { ConflictError, InvalidInputError } from '../errors';
import { Prisma } from '../generated/prisma/client';
import { inTransaction, type Tx } from '../transaction';
import { previewRow, totalsOf, type BulkPriceRow, type PriceAdjustment } from './bulk-price-rules';
import type { ChangeAuthor } from './change-scope';

type Db = ReturnType<typeof getDb> | Tx;

/** A category's products, or an explicit selection; archived products are never touched. */
export type BulkPriceTarget = { categoryId: number } | { productIds: number[] };

export const STALE_PREVIEW_MESSAGE = 'Prices changed since the preview. Review the new preview before applying.';

/** Rows one preview page shows; the totals always cover every row. */
export const PREVIEW_PAGE_SIZE = 100;

/** Variants one batch of a job changes (whole products, so at most one product's variants more). */
export const BULK_JOB_BATCH_SIZE = 500;

/** A variant's row as a bulk change reads it (the preview, the job's creation, each batch). */
export interface VariantRecord {
  id: number;
  productId: number;
  sku: string;
  currency: string;
  price: number;
  compareAtPrice: number | null;
  version: number;
  slug: string;
  title: string;
}

/** Every variant of the target in preview order, in one set-based read (no per-row relation loads). */
function readVariants(db: Db, target: BulkPriceTarget): Promise<VariantRecord[]> {
  const scope =
    'categoryId' in target
      ? Prisma.sql`EXISTS (SELECT 1 FROM "ProductCategory" pc WHERE pc."productId" = p.id AND pc."categoryId" = ${target.categoryId})`
      : Prisma.sql`p.id = ANY(${target.productIds}::int[])`;
  return db.$queryRaw<VariantRecord[]>`
    SELECT v.id, v."productId", v.sku, v.currency, v.price, v."compareAtPrice", v.version, p.slug, p.title
    FROM "Variant" v JOIN "Product" p ON p.id = v."productId"
    WHERE p.status IN ('ACTIVE', 'DRAFT') AND ${scope}
    ORDER BY v."productId", v.position, v.id`;
}

function rowsOf(variants: readonly VariantRecord[], adjustment: PriceAdjustment): BulkPriceRow[] {
  return variants.map((v) => previewRow({ ...v, product: { slug: v.slug, title: v.title } }, adjustment));
}

/** Names the set of variants and the version of each: any write to one of them or membership change alters it. */
function previewTokenOf(variants: readonly VariantRecord[]): string {
  const hash = createHash('sha256');
  for (const v of [...variants].sort((a, b) => a.id - b.id)) hash.update(`${v.id}:${v.version};`);
  return hash.digest('base64url');
}

/** Old → new for one page of the variants the change would touch, totals over all; writes nothing. */
export async function previewBulkPriceChange(target: BulkPriceTarget, adjustment: PriceAdjustment, page = 1) {
  const variants = await readVariants(getDb(), target);
  const rows = rowsOf(variants, adjustment);
  const pageCount = Math.max(1, Math.ceil(rows.length / PREVIEW_PAGE_SIZE));
  const shown = Math.min(Math.max(1, page), pageCount);
  return {
    rows: rows.slice((shown - 1) * PREVIEW_PAGE_SIZE, shown * PREVIEW_PAGE_SIZE),
    totals: totalsOf(rows),
    page: shown,
    pageCount,
    refusedSkus: rows
      .filter((r) => r.refused !== null)
      .map((r) => r.sku)
      .slice(0, 20),
    previewToken: previewTokenOf(variants),
  };
}

/** Creating a job reads and writes a whole category's variants once: bounded, but not interactive. */
const CREATE_LIMITS = { lockTimeoutMs: 10_000, statementTimeoutMs: 60_000, timeoutMs: 90_000, maxWaitMs: 10_000 };

export interface NewBulkPriceJob {
  target: BulkPriceTarget;
  adjustment: PriceAdjustment;
  previewToken: string;
  author: ChangeAuthor;
  /** The process that runs it first, and how long its lease lasts. */
  leaseOwner: string;
  leaseMs: number;
  batchSize?: number;
}

/**
 * Creates the job for a previewed change: ConflictError if any variant's version or the set of
 * variants differs from the preview, InvalidInputError if any price is refused or none changes.
 * Its items are the variants that change, each with the version the preview showed.
 */
export async function createBulkPriceJob(job: NewBulkPriceJob): Promise<{ id: number; totalVariants: number }> {
  return inTransaction(async (tx) => {
    const variants = await readVariants(tx, job.target);
    if (previewTokenOf(variants) !== job.previewToken) throw new ConflictError(STALE_PREVIEW_MESSAGE);
    const rows = rowsOf(variants, job.adjustment);
    const refused = rows.filter((r) => r.refused !== null);
    if (refused.length > 0) {
      const skus = refused.map((r) => r.sku).slice(0, 20);
      throw new InvalidInputError(`${refused.length} prices cannot take this change`, { refused: skus });
    }
    const changed = rows.filter((r) => r.changed);
    if (changed.length === 0) throw new InvalidInputError('This change leaves every price as it is');
    const created = await tx.bulkPriceJob.create({
      data: {
        target: job.target,
        adjustment: job.adjustment,
        actor: job.author.actor,
        adminUserId: job.author.adminUserId ?? null,
        batchSize: job.batchSize ?? BULK_JOB_BATCH_SIZE,
        totalVariants: changed.length,
        leaseOwner: job.leaseOwner,
        leaseExpiresAt: new Date(Date.now() + job.leaseMs),
      },
      select: { id: true },
    });
    await tx.$executeRaw`
      INSERT INTO "BulkPriceJobItem" ("jobId", "variantId", "productId", "expectedVersion")
      SELECT ${created.id}, * FROM unnest(${changed.map((r) => r.variantId)}::int[],
        ${changed.map((r) => r.productId)}::int[], ${changed.map((r) => r.version)}::int[])`;
    return { id: created.id, totalVariants: changed.length };
  }, CREATE_LIMITS);
}
