/**
 * Saves the product form: one transaction that checks the version the admin started from,
 * writes the product, its variants and categories, and records every price change in the
 * audit log. Returns the change for the purge, which the caller runs after the commit.
 */
import { priceChangeRow, type ChangeAuthor } from './price-audit';
import { queueCatalogChanges } from '../revalidation/purge-changes';
import { inTransaction } from '../transaction';
import { Prisma } from '../generated/prisma/client';
import { HttpError } from '../http/errors';
import type { ProductChange } from '../revalidation/paths-for-change';
import type { ProductUpdate } from '../validations/product-update';
import { getProductPlacement } from './placements';

type Tx = Prisma.TransactionClient;

export const STALE_VERSION_MESSAGE =
  'Someone else saved this product after you opened it. Reload the page to see their changes, then edit again.';

export async function updateProduct(id: number, input: ProductUpdate, author: ChangeAuthor) {
  return inTransaction(async (tx) => {
    await lockAtVersion(tx, id, input.version);
    const before = await getProductPlacement(tx, { id });
    await updateProductRow(tx, id, input);
    await updateVariants(tx, id, input.variants, author);
    await replaceCategories(tx, id, input.categoryIds);
    const after = await getProductPlacement(tx, { id });
    const change: ProductChange = { kind: 'product', before, after };
    await queueCatalogChanges(tx, [change]);
    return { change, version: input.version + 1 };
  });
}

/**
 * Locks the row first, so a concurrent save waits here and then sees the new version:
 * two admins can never both succeed from the same starting point. A product's version
 * covers its variants and categories too.
 */
async function lockAtVersion(tx: Tx, id: number, expected: number): Promise<void> {
  const rows = await tx.$queryRaw<{ version: number }[]>`SELECT version FROM "Product" WHERE id = ${id} FOR UPDATE`;
  const current = rows[0];
  if (!current) throw new HttpError(404, 'Product not found');
  if (current.version !== expected)
    throw new HttpError(409, STALE_VERSION_MESSAGE, { currentVersion: current.version });
}

function invalidField(field: string, message: string): HttpError {
  return new HttpError(422, 'Invalid product', { fields: { [field]: message } });
}

/**
 * The unique index decides whether the slug is taken, so two saves racing for the same new
 * slug get the same field error as a plain clash (one wins, the other sees P2002).
 */
async function updateProductRow(tx: Tx, id: number, input: ProductUpdate): Promise<void> {
  const { slug, title, description, status, featured } = input;
  try {
    await tx.product.update({
      where: { id },
      data: { slug, title, description, status, featured, version: { increment: 1 } },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      throw invalidField('slug', 'Another product already uses this slug');
    throw error;
  }
}

async function updateVariants(tx: Tx, productId: number, updates: ProductUpdate['variants'], author: ChangeAuthor) {
  const current = await tx.variant.findMany({ where: { productId } });
  for (const update of updates) {
    const variant = current.find((v) => v.id === update.id);
    if (!variant) throw new HttpError(422, `Variant ${update.id} does not belong to this product`);
    const priceChanged = variant.price !== update.price || variant.compareAtPrice !== update.compareAtPrice;
    await tx.variant.update({
      where: { id: variant.id },
      data: {
        price: update.price,
        compareAtPrice: update.compareAtPrice,
        stock: update.stock,
        version: { increment: 1 },
      },
    });
    if (!priceChanged) continue;
    await tx.priceChange.create({
      data: priceChangeRow(productId, variant, { price: update.price, compareAtPrice: update.compareAtPrice }, author),
    });
  }
}

/** New categories list the product at their end; kept ones keep their place. */
async function replaceCategories(tx: Tx, productId: number, categoryIds: number[]): Promise<void> {
  const known = await tx.category.count({ where: { id: { in: categoryIds } } });
  if (known !== new Set(categoryIds).size) throw invalidField('categoryIds', 'A chosen category no longer exists');
  await tx.productCategory.deleteMany({ where: { productId, categoryId: { notIn: categoryIds } } });
  const kept = await tx.productCategory.findMany({ where: { productId }, select: { categoryId: true } });
  const added = categoryIds.filter((id) => !kept.some((k) => k.categoryId === id));
  for (const categoryId of added) {
    const last = await tx.productCategory.aggregate({ where: { categoryId }, _max: { position: true } });
    await tx.productCategory.create({ data: { productId, categoryId, position: (last._max.position ?? 0) + 10 } });
  }
}
