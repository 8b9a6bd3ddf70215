/**
 * The merchandising move "Move to the front of <category>": the product takes a position below
 * every other product of that listing (min - 10), so it leads page 1. With listing pages as
 * position buckets that purges its old page and page 1, whatever the listing's size.
 */
import { InvalidInputError, NotFoundError } from '../errors';
import type { CatalogChangeScope } from './change-scope';

/** Returns the product's new position in the category (unchanged if it already led alone). */
export async function moveProductToFront(
  scope: CatalogChangeScope,
  productId: number,
  categoryId: number,
): Promise<{ position: number }> {
  const { tx } = scope;
  await scope.lockProducts([productId], { moving: true });
  const link = await tx.productCategory.findUnique({
    where: { productId_categoryId: { productId, categoryId } },
    select: { position: true },
  });
  if (!link) {
    const product = await tx.product.findUnique({ where: { id: productId }, select: { id: true } });
    if (!product) throw new NotFoundError('Product not found');
    throw new InvalidInputError('The product is not in this category', {
      fields: { categoryId: 'Not one of its categories' },
    });
  }
  // Read under the listing's exclusive lock: no other writer moves products in it meanwhile.
  const [front] = await tx.$queryRaw<{ position: number; productId: number }[]>`
    SELECT position, "productId" FROM "ProductCategory" WHERE "categoryId" = ${categoryId} AND "productId" <> ${productId}
    ORDER BY position, "productId" LIMIT 1`;
  if (!front || link.position < front.position) return { position: link.position };
  const position = front.position - 10;
  await tx.productCategory.update({ where: { productId_categoryId: { productId, categoryId } }, data: { position } });
  await tx.product.update({ where: { id: productId }, data: { version: { increment: 1 } } });
  scope.markChanged(productId);
  return { position };
}
