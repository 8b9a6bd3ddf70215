/** Reads for the storefront pages. Only ACTIVE products are ever shown. */
import { getDb } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { productCardSelect, productCardsInOrder } from './card-query';
import { getListingPageRange, listingRangeIds } from './listing-pages';
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

/**
 * One page of a category listing, or null when the category or the page does not exist. The
 * page's products are those of its position bucket (./listing-pages.ts); a page that is empty
 * until the worker rebalances still answers, so the links to it keep working.
 */
export async function getCategoryPage(slug: string, page: number): Promise<CategoryPageData | null> {
  const category = await getDb().category.findUnique({
    where: { slug },
    select: { id: true, slug: true, name: true, description: true },
  });
  if (!category) return null;
  const range = await getListingPageRange(getDb(), category.id, page);
  if (!range) return null;
  const ids = await listingRangeIds(getDb(), category.id, range);
  return {
    category: { slug: category.slug, name: category.name, description: category.description },
    page,
    hasPreviousPage: page > 1,
    hasNextPage: page < range.pageCount,
    products: await productCardsInOrder(ids),
  };
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
 * Every product shoppers can see with an id in `ids` (inclusive), as its page shows it, in id
 * order and `batchSize` at a time (the product feed: feed, page and JSON-LD are built from the
 * same props, so they cannot disagree).
 */
export async function* allProductPages(
  batchSize = 500,
  ids: { from: number; to: number } = { from: 0, to: 2_147_483_647 },
): AsyncGenerator<ProductPageData[]> {
  let after = ids.from - 1;
  for (;;) {
    const rows = await getDb().product.findMany({
      where: { status: 'ACTIVE', id: { gt: after, lte: ids.to } },
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
