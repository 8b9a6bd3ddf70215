/**
 * Bulk price changes: a preview of old → new for every variant of the target's products, and
 * an apply, through the change road's scope, that re-checks the preview under row locks and
 * writes the prices (the road adds the audit rows and purges the pages: lib/changes).
 */
import { getDb } from '../db';
import { ConflictError, InvalidInputError } from '../errors';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { previewRow, totalsOf, type BulkPriceRow, type PriceAdjustment } from './bulk-price-rules';
import type { CatalogChangeScope } from './change-scope';

type Db = PrismaClient | Prisma.TransactionClient;

/** A category's products, or an explicit selection; archived products are never touched. */
export type BulkPriceTarget = { categoryId: number } | { productIds: number[] };

export const STALE_PREVIEW_MESSAGE = 'Prices changed since the preview. Review the new preview before applying.';

const variantSelect = {
  id: true,
  productId: true,
  sku: true,
  currency: true,
  price: true,
  compareAtPrice: true,
  version: true,
  product: { select: { slug: true, title: true } },
} as const;

type VariantRecord = Prisma.VariantGetPayload<{ select: typeof variantSelect }>;

function productsIn(target: BulkPriceTarget): Prisma.ProductWhereInput {
  const scope =
    'categoryId' in target
      ? { categories: { some: { categoryId: target.categoryId } } }
      : { id: { in: target.productIds } };
  return { status: { in: ['ACTIVE', 'DRAFT'] }, ...scope };
}

function readVariants(db: Db, where: Prisma.VariantWhereInput): Promise<VariantRecord[]> {
  return db.variant.findMany({
    where,
    select: variantSelect,
    orderBy: [{ productId: 'asc' }, { position: 'asc' }, { id: 'asc' }],
  });
}

/** Old → new for every variant the change would touch; writes nothing. */
export async function previewBulkPriceChange(target: BulkPriceTarget, adjustment: PriceAdjustment) {
  const variants = await readVariants(getDb(), { product: productsIn(target) });
  const rows = variants.map((variant) => previewRow(variant, adjustment));
  return { rows, totals: totalsOf(rows) };
}

/** A large category is a few hundred round trips, and may wait for a save holding one of its rows. */
export const BULK_CHANGE_LIMITS = {
  lockTimeoutMs: 10_000,
  statementTimeoutMs: 60_000,
  timeoutMs: 60_000,
  maxWaitMs: 10_000,
};

/**
 * Applies the previewed change, or nothing: ConflictError if any variant's version differs from
 * `expectedVersions` (or the set of variants differs), InvalidInputError if any price is refused.
 */
export async function applyBulkPriceChange(
  scope: CatalogChangeScope,
  target: BulkPriceTarget,
  adjustment: PriceAdjustment,
  expectedVersions: Record<number, number>,
): Promise<{ updated: number }> {
  const { tx } = scope;
  const productIds = await lockProducts(tx, target);
  await scope.lockProducts(productIds); // a price change moves nothing: its listings are shared
  const rows = (await lockVariants(tx, productIds)).map((variant) => previewRow(variant, adjustment));
  assertPreviewStillValid(rows, expectedVersions);
  const changed = rows.filter((r) => r.changed);
  const changedProductIds = [...new Set(changed.map((r) => r.productId))];
  await writePrices(tx, changed, changedProductIds);
  for (const id of changedProductIds) scope.markChanged(id);
  return { updated: changed.length };
}

/**
 * Locks the target's products in id order, the order every writer takes (the product form locks
 * its product before its variants), so two writers wait for each other instead of deadlocking.
 * Postgres re-checks the status after waiting: a product archived meanwhile drops out.
 */
async function lockProducts(tx: Prisma.TransactionClient, target: BulkPriceTarget): Promise<number[]> {
  const rows =
    'categoryId' in target
      ? await tx.$queryRaw<{ id: number }[]>`
          SELECT p.id FROM "Product" p
          WHERE p.status IN ('ACTIVE', 'DRAFT') AND EXISTS (SELECT 1 FROM "ProductCategory" pc
            WHERE pc."productId" = p.id AND pc."categoryId" = ${target.categoryId})
          ORDER BY p.id FOR UPDATE`
      : await tx.$queryRaw<{ id: number }[]>`
          SELECT p.id FROM "Product" p
          WHERE p.status IN ('ACTIVE', 'DRAFT') AND p.id = ANY(${target.productIds}::int[])
          ORDER BY p.id FOR UPDATE`;
  return rows.map((row) => row.id);
}

async function lockVariants(tx: Prisma.TransactionClient, productIds: number[]): Promise<VariantRecord[]> {
  await tx.$queryRaw`SELECT id FROM "Variant" WHERE "productId" = ANY(${productIds}::int[]) ORDER BY id FOR UPDATE`;
  return readVariants(tx, { productId: { in: productIds } });
}

function assertPreviewStillValid(rows: BulkPriceRow[], expectedVersions: Record<number, number>): void {
  // Same count and every current variant at its previewed version means the same set, unchanged.
  const sameSet = Object.keys(expectedVersions).length === rows.length;
  if (!sameSet || rows.some((r) => expectedVersions[r.variantId] !== r.version)) {
    throw new ConflictError(STALE_PREVIEW_MESSAGE);
  }
  const refused = rows.filter((r) => r.refused !== null);
  if (refused.length > 0) {
    const skus = refused.map((r) => r.sku);
    throw new InvalidInputError(`${refused.length} prices cannot take this change`, { refused: skus });
  }
}

/**
 * Writes the new prices. Each product's version moves too: the product form saves every
 * variant's price from the version it loaded, so without this bump a form opened before the
 * bulk change would silently put the old prices back.
 */
async function writePrices(tx: Prisma.TransactionClient, rows: BulkPriceRow[], productIds: number[]): Promise<void> {
  for (const row of rows) {
    await tx.variant.update({
      where: { id: row.variantId },
      data: { price: row.newPrice, compareAtPrice: newCompareAt(row), version: { increment: 1 } },
    });
  }
  await tx.product.updateMany({ where: { id: { in: productIds } }, data: { version: { increment: 1 } } });
}

function newCompareAt(row: BulkPriceRow): number | null {
  return row.compareAtDropped ? null : row.compareAtPrice;
}
