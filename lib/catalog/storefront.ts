/** Reads for the storefront pages. Only ACTIVE products are ever shown. */
import { getDb } from '../db';
import { getEnv } from '../env';
import { productCardSelect, productCardsInOrder } from './card-query';
import { getListingPageRange, listingRangeIds, mostOnAPage } from './listing-pages';
import { askForRebalance } from './listing-rebalance';
import {
  readActiveProductPage,
  readActiveProductPages,
  readActiveProductPagesBySlug,
  type ProductPageRow,
} from './product-page-query';
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
  const most = mostOnAPage(getEnv().CATEGORY_PAGE_SIZE);
  const ids = await listingRangeIds(getDb(), category.id, range, most + 1);
  // Fuller than a change leaves a page (products put in around the change road): the first ones
  // are shown, and the worker is asked to cut the listing again so the others get pages.
  if (ids.length > most) await askForRebalance(getDb(), category.id);
  return {
    category: { slug: category.slug, name: category.name, description: category.description },
    page,
    hasPreviousPage: page > 1,
    hasNextPage: page < range.pageCount,
    products: await productCardsInOrder(ids.slice(0, most)),
  };
}

function reshapeProductPage(product: ProductPageRow): ProductPageData {
  return {
    slug: product.slug,
    title: product.title,
    description: product.description,
    images: product.images,
    options: product.options.map(reshapeOption),
    variants: product.variants.map((variant) => reshapeVariant(variant, product.options)),
    categories: product.categories,
  };
}

/** A product page, or null for unknown, draft and archived products (they answer 404). */
export async function getProductPage(slug: string): Promise<ProductPageData | null> {
  const product = await readActiveProductPage(getDb(), slug);
  return product ? reshapeProductPage(product) : null;
}

/** What `getProductPage` gives for each of `slugs`, read in one statement. */
export async function getProductPages(slugs: readonly string[]): Promise<Map<string, ProductPageData | null>> {
  const found = new Map((await readActiveProductPagesBySlug(getDb(), slugs)).map((row) => [row.slug, row]));
  return new Map(
    slugs.map((slug) => {
      const row = found.get(slug);
      return [slug, row ? reshapeProductPage(row) : null];
    }),
  );
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
    const rows = await readActiveProductPages(getDb(), after, ids.to, batchSize);
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
