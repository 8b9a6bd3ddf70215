/** Reads for the storefront pages. Only ACTIVE products are ever shown. */
import { getDb } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { getEnv } from '../env';
import { productCardSelect, productCardsInOrder } from './card-query';
import { reshapeOption, reshapeProductCard, reshapeVariant } from './reshape';
import type { CategoryLink, CategoryPageData, HomePageData, ProductPageData } from './types';

const categoryLinkSelect = { slug: true, name: true } as const;

/** Home: every featured product (that is what "featured" means here) and the category list. */
export async function getHomePage(): Promise<HomePageData> {
  const db = getDb();
  const [featured, categories] = await Promise.all([
    db.product.findMany({
      where: { status: 'ACTIVE', featured: true },
      orderBy: { id: 'asc' },
      select: productCardSelect,
    }),
    listCategories(),
  ]);
  return { featured: featured.map(reshapeProductCard), categories };
}

export function listCategories(): Promise<CategoryLink[]> {
  return getDb().category.findMany({ orderBy: [{ position: 'asc' }, { id: 'asc' }], select: categoryLinkSelect });
}

/** One page of a category listing, or null when the category or the page does not exist. */
export async function getCategoryPage(slug: string, page: number): Promise<CategoryPageData | null> {
  const pageSize = getEnv().CATEGORY_PAGE_SIZE;
  const category = await getDb().category.findUnique({
    where: { slug },
    select: { id: true, slug: true, name: true, description: true },
  });
  if (!category) return null;
  const ids = await listingPageIds(category.id, (page - 1) * pageSize, pageSize + 1);
  if (page > 1 && ids.length === 0) return null;
  return {
    category: { slug: category.slug, name: category.name, description: category.description },
    page,
    hasPreviousPage: page > 1,
    // One extra row tells whether a next page exists without counting the whole listing.
    hasNextPage: ids.length > pageSize,
    products: await productCardsInOrder(ids.slice(0, pageSize)),
  };
}

/**
 * The ids of `limit` active products of a listing from `offset` on, in listing order. Read along
 * the (categoryId, position, productId) index, looking up each product's status as it goes (the
 * LATERAL ... OFFSET 0 keeps the planner from joining every product of the shop and sorting the
 * whole category): a deep page costs the rows before it, not the catalog (docs/benchmarks.md).
 */
async function listingPageIds(categoryId: number, offset: number, limit: number): Promise<number[]> {
  const rows = await getDb().$queryRaw<{ id: number }[]>`
    SELECT pc."productId" AS id
    FROM "ProductCategory" pc
    CROSS JOIN LATERAL (SELECT p.status FROM "Product" p WHERE p.id = pc."productId" OFFSET 0) AS product
    WHERE pc."categoryId" = ${categoryId} AND product.status = 'ACTIVE'
    ORDER BY pc.position, pc."productId"
    OFFSET ${offset} LIMIT ${limit}`;
  return rows.map((row) => row.id);
}

/** Everything a product page shows, in one select: the page and the product feed read the same. */
const productPageSelect = {
  slug: true,
  title: true,
  description: true,
  images: { select: { url: true, alt: true, width: true, height: true }, orderBy: { position: 'asc' } },
  options: {
    orderBy: { position: 'asc' },
    select: { id: true, name: true, values: { orderBy: { position: 'asc' }, select: { value: true } } },
  },
  variants: {
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      sku: true,
      title: true,
      price: true,
      currency: true,
      compareAtPrice: true,
      stock: true,
      image: { select: { url: true, alt: true, width: true, height: true } },
      optionValues: { select: { optionId: true, optionValue: { select: { value: true } } } },
    },
  },
  categories: { select: { category: { select: categoryLinkSelect } }, orderBy: { category: { position: 'asc' } } },
} satisfies Prisma.ProductSelect;

type ProductPageRow = Prisma.ProductGetPayload<{ select: typeof productPageSelect }>;

function reshapeProductPage(product: ProductPageRow): ProductPageData {
  return {
    slug: product.slug,
    title: product.title,
    description: product.description,
    images: product.images,
    options: product.options.map(reshapeOption),
    variants: product.variants.map((variant) => reshapeVariant(variant, product.options)),
    categories: product.categories.map((link) => link.category),
  };
}

/** A product page, or null for unknown, draft and archived products (they answer 404). */
export async function getProductPage(slug: string): Promise<ProductPageData | null> {
  const product = await getDb().product.findFirst({ where: { slug, status: 'ACTIVE' }, select: productPageSelect });
  return product ? reshapeProductPage(product) : null;
}

/**
 * Every product shoppers can see, as its page shows it, in id order and `batchSize` at a time
 * (the product feed: feed, page and JSON-LD are built from the same props, so they cannot disagree).
 */
export async function* allProductPages(batchSize = 500): AsyncGenerator<ProductPageData[]> {
  let after = 0;
  for (;;) {
    const rows = await getDb().product.findMany({
      where: { status: 'ACTIVE', id: { gt: after } },
      orderBy: { id: 'asc' },
      take: batchSize,
      select: { id: true, ...productPageSelect },
    });
    if (rows.length === 0) return;
    yield rows.map(reshapeProductPage);
    after = rows[rows.length - 1]!.id;
  }
}

/** Slugs `next build` pre-renders: the first `count` active products, the rest render on demand. */
export async function listPrerenderedProductSlugs(count: number): Promise<string[]> {
  const rows = await getDb().product.findMany({
    where: { status: 'ACTIVE' },
    orderBy: { id: 'asc' },
    take: count,
    select: { slug: true },
  });
  return rows.map((row) => row.slug);
}
