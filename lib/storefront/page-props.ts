/**
 * The one call each storefront page makes for its props and paths. Every page's data goes
 * through `loadFresh` (a regeneration that joined an older render must not be reported done),
 * is addressed by the path the purge queue uses, and carries the same `revalidate` setting.
 * A slug or page number no URL can have is a 404 before any query or outbox row.
 */
import type { GetStaticPathsResult, GetStaticPropsResult } from 'next';
import {
  getCategoryPage,
  getHomePage,
  getProductPage,
  getProductPages,
  listCategories,
  listPrerenderedProductSlugs,
} from '../catalog/storefront';
import type { CategoryPageData, HomePageData, ProductPageData } from '../catalog/types';
import { getEnv } from '../env';
import { loadFresh } from '../revalidation/render-guard';
import { pageRevalidateSetting } from './isr-policy';
import { categoryPath, HOME_PATH, laterPageNumber, productPath, productSlugOf, SLUG_PATTERN } from './paths';
import { publicShopOrigin } from './public-origin';

/**
 * Every static page also gets the shop's public origin for its absolute URLs (canonical, og:url):
 * it is rendered into the page, so a page keeps the origin it was built with until regenerated.
 */
export type WithShopOrigin<P> = P & { shopOrigin: string | null };

export async function getHomePageProps(): Promise<GetStaticPropsResult<WithShopOrigin<HomePageData>>> {
  return found(await loadFresh(HOME_PATH, getHomePage));
}

/** Unknown, draft and archived products are a 404. */
export async function getProductPageProps(
  slug: string | undefined,
): Promise<GetStaticPropsResult<WithShopOrigin<ProductPageData>>> {
  const product = isSlug(slug) ? await loadFresh(productPath(slug), () => getProductPage(slug)) : null;
  return product ? found(product) : notFound();
}

/**
 * For a worker about to regenerate many pages (lib/revalidation/render-guard.ts): the data of the
 * product pages among `paths` in one statement, by path, each what `getProductPageProps` would
 * load for it. The other paths are left out: their renders read their own.
 */
export async function readProductPagesTogether(paths: readonly string[]): Promise<Map<string, ProductPageData | null>> {
  const slugs = paths.map(productSlugOf).filter((slug) => slug !== null);
  const pages = await getProductPages(slugs);
  return new Map([...pages].map(([slug, page]) => [productPath(slug), page]));
}

/**
 * A category listing: its first page at /categories/<slug> (no `pageSegment`), later ones at
 * /categories/<slug>/page/<pageSegment>. Unknown categories and pages past the end are a 404.
 */
export async function getCategoryPageProps(
  slug: string | undefined,
  pageSegment?: string,
): Promise<GetStaticPropsResult<WithShopOrigin<CategoryPageData>>> {
  const page = pageSegment === undefined ? 1 : laterPageNumber(pageSegment);
  const data =
    page !== null && isSlug(slug) ? await loadFresh(categoryPath(slug, page), () => getCategoryPage(slug, page)) : null;
  return data ? found(data) : notFound();
}

// Build time must not grow with the catalog: pre-render the first N, the rest on first request.
export async function getProductStaticPaths(): Promise<GetStaticPathsResult<{ slug: string }>> {
  const slugs = await listPrerenderedProductSlugs(getEnv().PRERENDER_PRODUCT_COUNT);
  return { paths: slugs.map((slug) => ({ params: { slug } })), fallback: 'blocking' };
}

export async function getCategoryStaticPaths(): Promise<GetStaticPathsResult<{ slug: string }>> {
  const categories = await listCategories();
  return { paths: categories.map(({ slug }) => ({ params: { slug } })), fallback: 'blocking' };
}

/** Later pages of a listing render on first request and are cached from then on. */
export function getLaterCategoryPageStaticPaths(): Promise<GetStaticPathsResult<{ slug: string; page: string }>> {
  return Promise.resolve({ paths: [], fallback: 'blocking' });
}

function isSlug(slug: string | undefined): slug is string {
  return slug !== undefined && SLUG_PATTERN.test(slug);
}

function found<P>(props: P): GetStaticPropsResult<WithShopOrigin<P>> {
  return { props: { ...props, shopOrigin: publicShopOrigin() }, revalidate: pageRevalidateSetting() };
}

function notFound<P>(): GetStaticPropsResult<P> {
  return { notFound: true, revalidate: pageRevalidateSetting() };
}
