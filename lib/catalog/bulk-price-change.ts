/**
 * Bulk price changes: a preview of old → new for every variant of the target's products, and
 * an apply that re-checks the preview under row locks, writes the prices and their audit rows
 * in one transaction, and returns the changes for the purge (which the caller runs after it).
 */
import { priceChangeRow } from './price-audit';
import { queueCatalogChanges } from '../revalidation/purge-changes';
import { getDb } from '../db';
import { inTransaction } from '../transaction';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { HttpError } from '../http/errors';
import type { AdminIdentity } from '../admin/session';
import type { ProductChange } from '../revalidation/paths-for-change';
import { previewRow, totalsOf, type BulkPriceRow, type PriceAdjustment } from './bulk-price-rules';
import { getProductPlacement } from './placements';

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

/**
 * Applies the previewed change, or nothing: 409 if any variant's version differs from
 * `expectedVersions` (or the set of variants differs), 422 if any price is refused.
 * `changes[i]` is the change to the product `productIds[i]`.
 */
export async function applyBulkPriceChange(
  target: BulkPriceTarget,
  adjustment: PriceAdjustment,
  expectedVersions: Record<number, number>,
  admin: AdminIdentity,
): Promise<{ updated: number; changes: ProductChange[]; productIds: number[] }> {
  // A large category is a few hundred round trips, and may wait for a save holding one of its rows.
  return inTransaction(
    async (tx) => {
      const productIds = await lockProducts(tx, target);
      const rows = (await lockVariants(tx, productIds)).map((variant) => previewRow(variant, adjustment));
      assertPreviewStillValid(rows, expectedVersions);
      const changed = rows.filter((r) => r.changed);
      const changedProductIds = [...new Set(changed.map((r) => r.productId))];
      const before = await placementsOf(tx, changedProductIds);
      await writePrices(tx, changed, changedProductIds, admin);
      const after = await placementsOf(tx, changedProductIds);
      const changes = changedProductIds.map((id, i): ProductChange => ({
        kind: 'product',
        before: before[i] ?? null,
        after: after[i] ?? null,
      }));
      await queueCatalogChanges(tx, changes);
      return { updated: changed.length, changes, productIds: changedProductIds };
    },
    { lockTimeoutMs: 10_000, statementTimeoutMs: 60_000, timeoutMs: 60_000, maxWaitMs: 10_000 },
  );
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
    throw new HttpError(409, STALE_PREVIEW_MESSAGE);
  }
  const refused = rows.filter((r) => r.refused !== null);
  if (refused.length > 0) {
    const skus = refused.map((r) => r.sku);
    throw new HttpError(422, `${refused.length} prices cannot take this change`, { refused: skus });
  }
}

/**
 * Writes the new prices with their audit rows. Each product's version moves too: the product
 * form saves every variant's price from the version it loaded, so without this bump a form
 * opened before the bulk change would silently put the old prices back.
 */
async function writePrices(
  tx: Prisma.TransactionClient,
  rows: BulkPriceRow[],
  productIds: number[],
  admin: AdminIdentity,
): Promise<void> {
  for (const row of rows) {
    await tx.variant.update({
      where: { id: row.variantId },
      data: { price: row.newPrice, compareAtPrice: newCompareAt(row), version: { increment: 1 } },
    });
  }
  await tx.product.updateMany({ where: { id: { in: productIds } }, data: { version: { increment: 1 } } });
  const author = { source: 'ADMIN' as const, actor: admin.email, adminUserId: admin.id };
  await tx.priceChange.createMany({
    data: rows.map((row) =>
      priceChangeRow(
        row.productId,
        {
          id: row.variantId,
          sku: row.sku,
          currency: row.currency,
          price: row.oldPrice,
          compareAtPrice: row.compareAtPrice,
        },
        { price: row.newPrice, compareAtPrice: newCompareAt(row) },
        author,
      ),
    ),
  });
}

function newCompareAt(row: BulkPriceRow): number | null {
  return row.compareAtDropped ? null : row.compareAtPrice;
}

// One at a time: queries of an interactive transaction share one connection anyway.
async function placementsOf(tx: Prisma.TransactionClient, productIds: number[]) {
  const placements = [];
  for (const id of productIds) placements.push(await getProductPlacement(tx, { id }));
  return placements;
}
