/** The database side of the price-consistency check: what each page in scope must show. */
import { getDb } from '../db';
import type { Prisma } from '../generated/prisma/client';
import type { CatalogSnapshot, ExpectedProduct } from './types';

export interface SnapshotScope {
  /** Only these categories' listings and products (any status); the home page is then skipped. */
  categorySlugs?: string[];
}

const productSelect = {
  slug: true,
  status: true,
  featured: true,
  categories: { select: { category: { select: { slug: true } } } },
  // The storefront's order, so "the first of equally cheap variants" means the same here.
  variants: {
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
    select: { sku: true, price: true, currency: true, compareAtPrice: true },
  },
} as const satisfies Prisma.ProductSelect;

type ProductRow = Prisma.ProductGetPayload<{ select: typeof productSelect }>;

/** Reads every category and product (or those of `scope`) as the pages should show them. */
export async function readCatalogSnapshot(scope: SnapshotScope = {}): Promise<CatalogSnapshot> {
  const db = getDb();
  const slugs = scope.categorySlugs;
  const [categories, products] = await Promise.all([
    db.category.findMany({
      where: slugs ? { slug: { in: slugs } } : {},
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
      select: { slug: true },
    }),
    db.product.findMany({
      where: slugs ? { categories: { some: { category: { slug: { in: slugs } } } } } : {},
      orderBy: { id: 'asc' },
      select: productSelect,
    }),
  ]);
  const unknown = slugs?.filter((slug) => !categories.some((c) => c.slug === slug)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown category: ${unknown.join(', ')}`);
  return {
    categories: categories.map((c) => c.slug),
    products: products.map(reshapeExpectedProduct),
    includeHome: !slugs,
  };
}

function reshapeExpectedProduct(row: ProductRow): ExpectedProduct {
  return {
    slug: row.slug,
    status: row.status,
    featured: row.featured,
    categorySlugs: row.categories.map((link) => link.category.slug),
    variants: row.variants.map((v) => ({
      sku: v.sku,
      price: { amount: v.price, currency: v.currency },
      compareAtPrice: v.compareAtPrice === null ? null : { amount: v.compareAtPrice, currency: v.currency },
    })),
  };
}
