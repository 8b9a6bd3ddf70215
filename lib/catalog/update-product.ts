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
  await scope.lockProducts([id], lockOptionsFor(await readSaved(tx, id), input));
  // Read again under the row lock, so a concurrent save waits and then sees the new version.
  const saved = await readSaved(tx, id);
  assertAtVersion(saved, input.version);
  const productChanged = await updateProductRow(tx, id, saved, input);
  const variantsChanged = await updateVariants(tx, id, input.variants);
  const categoriesChanged = await replaceCategories(tx, id, saved.categoryIds, input.categoryIds);
  // A save that changed only stock is left to the road's stock rule, which purges a page only
  // when the stock state it shows changes.
  if (productChanged || variantsChanged || categoriesChanged) scope.markChanged(id);
  return { version: input.version + 1 };
}

/** The product row as saved, with its categories: one round trip (a save's statements are its cost under load). */
interface SavedProduct {
  version: number;
  slug: string;
  title: string;
  description: string;
  status: ProductUpdate['status'];
  featured: boolean;
  categoryIds: number[];
}

async function readSaved(tx: Tx, id: number): Promise<SavedProduct> {
  const rows = await tx.$queryRaw<SavedProduct[]>`
    SELECT p.version, p.slug, p.title, p.description, p.status::text AS status, p.featured,
      ARRAY(SELECT pc."categoryId" FROM "ProductCategory" pc WHERE pc."productId" = p.id) AS "categoryIds"
    FROM "Product" p WHERE p.id = ${id}`;
  const saved = rows[0];
  if (!saved) throw new NotFoundError('Product not found');
  return saved;
}

/**
 * Whether this save moves the product in or out of listings, from a read before the lock: if
 * anything changed since, the version check under the lock refuses the save, so a stale read
 * never gets written.
 */
function lockOptionsFor(current: SavedProduct, input: ProductUpdate) {
  const was = new Set(current.categoryIds);
  const moving =
    current.status !== input.status ||
    was.size !== new Set(input.categoryIds).size ||
    input.categoryIds.some((c) => !was.has(c));
  return { moving, joiningCategoryIds: input.categoryIds };
}

/**
 * Two admins can never both succeed from the same starting point. A product's version covers its
 * variants and categories too.
 */
function assertAtVersion(saved: SavedProduct, expected: number): void {
  if (saved.version !== expected) throw new ConflictError(STALE_VERSION_MESSAGE, { currentVersion: saved.version });
}

function invalidField(field: string, message: string): InvalidInputError {
  return new InvalidInputError('Invalid product', { fields: { [field]: message } });
}

/**
 * Whether anything shoppers see of the product row changed. The unique index decides whether the
 * slug is taken, so two saves racing for the same new slug get the same field error as a plain
 * clash (one wins, the other sees P2002).
 */
async function updateProductRow(tx: Tx, id: number, was: SavedProduct, input: ProductUpdate): Promise<boolean> {
  const { slug, title, description, status, featured } = input;
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

/**
 * Whether a price or compare-at price changed (stock is the road's stock rule's to judge). Only
 * variants whose values differ are written: a variant's version counts its own changes (a bulk
 * job's preview stays valid across a save that left that variant as it was).
 */
async function updateVariants(tx: Tx, productId: number, updates: ProductUpdate['variants']): Promise<boolean> {
  const current = await tx.variant.findMany({
    where: { productId },
    select: { id: true, price: true, compareAtPrice: true, stock: true },
  });
  let pricesChanged = false;
  // In id order, the order checkouts lock variant rows in (lib/checkout): no deadlock between them.
  for (const update of [...updates].sort((a, b) => a.id - b.id)) {
    const variant = current.find((v) => v.id === update.id);
    if (!variant) throw new InvalidInputError(`Variant ${update.id} does not belong to this product`);
    const priceChanged = variant.price !== update.price || variant.compareAtPrice !== update.compareAtPrice;
    if (!priceChanged && variant.stock === update.stock) continue;
    await tx.variant.update({
      where: { id: variant.id },
      data: {
        price: update.price,
        compareAtPrice: update.compareAtPrice,
        stock: update.stock,
        version: { increment: 1 },
      },
    });
    pricesChanged ||= priceChanged;
  }
  return pricesChanged;
}

/**
 * New categories list the product at their end; kept ones keep their place. Whether any changed.
 * `saved` was read under the row lock, and every membership change locks the row first.
 */
async function replaceCategories(
  tx: Tx,
  productId: number,
  saved: readonly number[],
  categoryIds: number[],
): Promise<boolean> {
  const added = categoryIds.filter((id) => !saved.includes(id));
  const removed = saved.filter((id) => !categoryIds.includes(id));
  if (added.length > 0) {
    const known = await tx.category.count({ where: { id: { in: added } } });
    if (known !== added.length) throw invalidField('categoryIds', 'A chosen category no longer exists');
  }
  if (removed.length > 0) await tx.productCategory.deleteMany({ where: { productId, categoryId: { in: removed } } });
  for (const categoryId of added) {
    const last = await tx.productCategory.aggregate({ where: { categoryId }, _max: { position: true } });
    await tx.productCategory.create({ data: { productId, categoryId, position: (last._max.position ?? 0) + 10 } });
  }
  return removed.length > 0 || added.length > 0;
}
