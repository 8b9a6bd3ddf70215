/**
 * Saves the product form through the change road's scope: checks the version the admin started
 * from, then writes the product, its variants and categories. The road records the audit rows
 * and purges the pages (lib/changes).
 */
import { Prisma } from '../generated/prisma/client';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import type { ProductUpdate } from '../validations/product-update';
import type { CatalogChangeScope } from './change-scope';

type Tx = Prisma.TransactionClient;

export const STALE_VERSION_MESSAGE =
  'Someone else saved this product after you opened it. Reload the page to see their changes, then edit again.';

export async function updateProduct(scope: CatalogChangeScope, id: number, input: ProductUpdate) {
  const { tx } = scope;
  await scope.lockProducts([id], await lockOptionsFor(tx, id, input));
  await assertAtVersion(tx, id, input.version);
  const productChanged = await updateProductRow(tx, id, input);
  const variantsChanged = await updateVariants(tx, id, input.variants);
  const categoriesChanged = await replaceCategories(tx, id, input.categoryIds);
  // A save that changed only stock is left to the road's stock rule, which purges a page only
  // when the stock state it shows changes.
  if (productChanged || variantsChanged || categoriesChanged) scope.markChanged(id);
  return { version: input.version + 1 };
}

/**
 * Whether this save moves the product in or out of listings, read before the lock: if anything
 * changed since, the version check below refuses the save, so a stale read never gets written.
 */
async function lockOptionsFor(tx: Tx, id: number, input: ProductUpdate) {
  const current = await tx.product.findUnique({
    where: { id },
    select: { status: true, categories: { select: { categoryId: true } } },
  });
  const was = new Set(current?.categories.map((c) => c.categoryId));
  const moving =
    current?.status !== input.status ||
    was.size !== new Set(input.categoryIds).size ||
    input.categoryIds.some((c) => !was.has(c));
  return { moving, joiningCategoryIds: input.categoryIds };
}

/**
 * Read under the row lock, so a concurrent save waits and then sees the new version: two admins
 * can never both succeed from the same starting point. A product's version covers its variants
 * and categories too.
 */
async function assertAtVersion(tx: Tx, id: number, expected: number): Promise<void> {
  const current = await tx.product.findUnique({ where: { id }, select: { version: true } });
  if (!current) throw new NotFoundError('Product not found');
  if (current.version !== expected) throw new ConflictError(STALE_VERSION_MESSAGE, { currentVersion: current.version });
}

function invalidField(field: string, message: string): InvalidInputError {
  return new InvalidInputError('Invalid product', { fields: { [field]: message } });
}

/**
 * The unique index decides whether the slug is taken, so two saves racing for the same new
 * slug get the same field error as a plain clash (one wins, the other sees P2002).
 */
/** Whether anything shoppers see of the product row changed. */
async function updateProductRow(tx: Tx, id: number, input: ProductUpdate): Promise<boolean> {
  const { slug, title, description, status, featured } = input;
  const was = await tx.product.findUniqueOrThrow({
    where: { id },
    select: { slug: true, title: true, description: true, status: true, featured: true },
  });
  try {
    await tx.product.update({
      where: { id },
      data: { slug, title, description, status, featured, version: { increment: 1 } },
    });
    return (
      was.slug !== slug ||
      was.title !== title ||
      was.description !== description ||
      was.status !== status ||
      was.featured !== featured
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      throw invalidField('slug', 'Another product already uses this slug');
    throw error;
  }
}

/** Whether a price or compare-at price changed (stock is the road's stock rule's to judge). */
async function updateVariants(tx: Tx, productId: number, updates: ProductUpdate['variants']): Promise<boolean> {
  const current = await tx.variant.findMany({ where: { productId } });
  let pricesChanged = false;
  // In id order, the order checkouts lock variant rows in (lib/checkout): no deadlock between them.
  for (const update of [...updates].sort((a, b) => a.id - b.id)) {
    const variant = current.find((v) => v.id === update.id);
    if (!variant) throw new InvalidInputError(`Variant ${update.id} does not belong to this product`);
    await tx.variant.update({
      where: { id: variant.id },
      data: {
        price: update.price,
        compareAtPrice: update.compareAtPrice,
        stock: update.stock,
        version: { increment: 1 },
      },
    });
    pricesChanged ||= variant.price !== update.price || variant.compareAtPrice !== update.compareAtPrice;
  }
  return pricesChanged;
}

/** New categories list the product at their end; kept ones keep their place. Whether any changed. */
async function replaceCategories(tx: Tx, productId: number, categoryIds: number[]): Promise<boolean> {
  const known = await tx.category.count({ where: { id: { in: categoryIds } } });
  if (known !== new Set(categoryIds).size) throw invalidField('categoryIds', 'A chosen category no longer exists');
  const removed = await tx.productCategory.deleteMany({ where: { productId, categoryId: { notIn: categoryIds } } });
  const kept = await tx.productCategory.findMany({ where: { productId }, select: { categoryId: true } });
  const added = categoryIds.filter((id) => !kept.some((k) => k.categoryId === id));
  for (const categoryId of added) {
    const last = await tx.productCategory.aggregate({ where: { categoryId }, _max: { position: true } });
    await tx.productCategory.create({ data: { productId, categoryId, position: (last._max.position ?? 0) + 10 } });
  }
  return removed.count > 0 || added.length > 0;
}
