import { getDb } from '../db';

/** Everything the product form edits, the version it is based on, and its price and stock history. */
export async function getProductForEdit(id: number) {
  const product = await getDb().product.findUnique({
    where: { id },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      status: true,
      featured: true,
      version: true,
      updatedAt: true,
      categories: { select: { categoryId: true } },
      variants: {
        orderBy: { position: 'asc' },
        select: {
          id: true,
          sku: true,
          title: true,
          price: true,
          compareAtPrice: true,
          currency: true,
          stock: true,
          optionValues: {
            select: { optionValue: { select: { value: true, option: { select: { name: true, position: true } } } } },
          },
        },
      },
      priceChanges: {
        orderBy: { id: 'desc' },
        take: 50,
        select: {
          id: true,
          sku: true,
          currency: true,
          oldPrice: true,
          newPrice: true,
          oldCompareAtPrice: true,
          newCompareAtPrice: true,
          source: true,
          actor: true,
          eventId: true,
          bulkJobId: true,
          createdAt: true,
        },
      },
      stockChanges: {
        orderBy: { id: 'desc' },
        take: 20,
        select: {
          id: true,
          sku: true,
          oldStock: true,
          newStock: true,
          source: true,
          actor: true,
          eventId: true,
          createdAt: true,
        },
      },
    },
  });
  if (!product) return null;
  const { categories, priceChanges, stockChanges, updatedAt, variants, ...rest } = product;
  return {
    ...rest,
    // Options are shown, not edited, here: each variant's values in its product's option order.
    variants: variants.map(({ optionValues, ...variant }) => ({
      ...variant,
      options: optionValues
        .map(({ optionValue }) => optionValue)
        .sort((a, b) => a.option.position - b.option.position)
        .map(({ value, option }) => ({ name: option.name, value })),
    })),
    updatedAt: updatedAt.toISOString(),
    categoryIds: categories.map((c) => c.categoryId),
    priceChanges: priceChanges.map((change) => ({ ...change, createdAt: change.createdAt.toISOString() })),
    stockChanges: stockChanges.map((change) => ({ ...change, createdAt: change.createdAt.toISOString() })),
  };
}

export type ProductForEdit = NonNullable<Awaited<ReturnType<typeof getProductForEdit>>>;
