/** The database side of the price-consistency check: what each page in scope must show. */
import { getDb } from '../../lib/db';
import { stockStateOf } from '../../lib/catalog/stock-state';
import type { Prisma } from '../../lib/generated/prisma/client';
import { categoryPath } from '../../lib/storefront/paths';
import type { CatalogSnapshot, ExpectedProduct } from './types';

export interface SnapshotScope {
  /** Only these categories' listings and products (any status); the home page is then skipped. */
  categorySlugs?: string[];
  /**
   * Only these products' pages and every listing that should show them: their categories, and the
   * home page when one is featured. Those listings are checked whole. Without crawling every other
   * product page, it answers "did this change land everywhere?" quickly.
   */
  productSlugs?: string[];
}

const PRODUCTS_PER_BLOCK = 5_000;

const productSelect = {
  slug: true,
  status: true,
  featured: true,
  categories: { select: { category: { select: { slug: true } } } },
  // The storefront's order, so "the first of equally cheap variants" means the same here.
  variants: {
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
    select: { sku: true, price: true, currency: true, compareAtPrice: true, stock: true, imageId: true },
  },
  images: { select: { id: true }, take: 1 },
} as const satisfies Prisma.ProductSelect;

type ProductRow = Prisma.ProductGetPayload<{ select: typeof productSelect }>;

/**
 * Reads every category and product (or those of `scope`) as the pages should show them.
 * `productsPerBlock`: how many products one read loads (tests make it small).
 */
export async function readCatalogSnapshot(
  scope: SnapshotScope = {},
  productsPerBlock = PRODUCTS_PER_BLOCK,
): Promise<CatalogSnapshot> {
  const findProductsInBlocks = (where: Prisma.ProductWhereInput) => findProducts(where, productsPerBlock);
  if (scope.productSlugs) return readProductsSnapshot(scope.productSlugs, findProductsInBlocks);
  const db = getDb();
  const slugs = scope.categorySlugs;
  const [categories, products] = await Promise.all([
    db.category.findMany({
      where: slugs ? { slug: { in: slugs } } : {},
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
      select: { slug: true },
    }),
    findProductsInBlocks(slugs ? { categories: { some: { category: { slug: { in: slugs } } } } } : {}),
  ]);
  const unknown = slugs?.filter((slug) => !categories.some((c) => c.slug === slug)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown category: ${unknown.join(', ')}`);
  return {
    categories: categories.map((c) => c.slug),
    products: await withListingPages(products.map(reshapeExpectedProduct)),
    includeHome: !slugs,
  };
}

async function readProductsSnapshot(
  productSlugs: string[],
  findProductsInBlocks: (where: Prisma.ProductWhereInput) => Promise<ProductRow[]>,
): Promise<CatalogSnapshot> {
  const db = getDb();
  const focus = await db.product.findMany({ where: { slug: { in: productSlugs } }, select: productSelect });
  const unknown = productSlugs.filter((slug) => !focus.some((product) => product.slug === slug));
  if (unknown.length > 0) throw new Error(`unknown product: ${unknown.join(', ')}`);
  const categories = [...new Set(focus.flatMap((product) => product.categories.map((link) => link.category.slug)))];
  const includeHome = focus.some((product) => product.featured);
  // Every product those listings may show, so each of their cards and their coverage is checked.
  const products = await findProductsInBlocks({
    OR: [
      { categories: { some: { category: { slug: { in: categories } } } } },
      ...(includeHome ? [{ featured: true }] : []),
      { slug: { in: productSlugs } },
    ],
  });
  return {
    categories: categories.sort(),
    products: await withListingPages(products.map(reshapeExpectedProduct)),
    includeHome,
    productPages: [...productSlugs],
  };
}

/**
 * The products `where` matches, in id order, a block at a time: Prisma loads a block's variants,
 * images and categories with one bind parameter per product, and PostgreSQL's protocol allows
 * 65,535 a statement, fewer than the products of a 100,000-product shop or of a large category.
 */
async function findProducts(where: Prisma.ProductWhereInput, productsPerBlock: number): Promise<ProductRow[]> {
  const products: ProductRow[] = [];
  for (let after = 0; ;) {
    const block = await getDb().product.findMany({
      where: { AND: [where, { id: { gt: after } }] },
      orderBy: { id: 'asc' },
      take: productsPerBlock,
      select: { ...productSelect, id: true },
    });
    products.push(...block);
    const last = block.at(-1);
    if (!last || block.length < productsPerBlock) return products;
    after = last.id;
  }
}

/** Adds, for each listing of each product, the path of the page its position falls in. */
async function withListingPages(products: ExpectedProduct[]): Promise<ExpectedProduct[]> {
  const rows = await getDb().$queryRaw<{ product: string; category: string; page: number }[]>`
    SELECT p.slug AS product, c.slug AS category, listing_page_of(pc."categoryId", pc.position, pc."productId") AS page
    FROM "ProductCategory" pc JOIN "Product" p ON p.id = pc."productId" JOIN "Category" c ON c.id = pc."categoryId"
    WHERE p.slug = ANY(${products.map((product) => product.slug)}::text[])`;
  const pages = new Map<string, Record<string, string>>();
  for (const row of rows)
    pages.set(row.product, { ...pages.get(row.product), [row.category]: categoryPath(row.category, row.page) });
  return products.map((product) => ({ ...product, listingPages: pages.get(product.slug) ?? {} }));
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
      inStock: stockStateOf(v.stock).kind !== 'sold-out',
      pictured: v.imageId !== null || row.images.length > 0,
    })),
  };
}
