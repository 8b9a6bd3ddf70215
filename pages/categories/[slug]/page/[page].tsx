import { loadFresh } from '@/lib/revalidation/render-guard';
import { categoryPath, SLUG_PATTERN } from '@/lib/storefront/paths';
import type { GetStaticPaths, GetStaticProps } from 'next';
import { CategoryListing } from '@/components/category-listing';
import { getCategoryPage } from '@/lib/catalog/storefront';
import type { CategoryPageData } from '@/lib/catalog/types';
import { pageRevalidateSetting } from '@/lib/storefront/isr-policy';

// Later pages render on first request and are cached from then on.
export const getStaticPaths: GetStaticPaths = () => Promise.resolve({ paths: [], fallback: 'blocking' });

export const getStaticProps: GetStaticProps<CategoryPageData, { slug: string; page: string }> = async ({ params }) => {
  // Page 1 lives at /categories/<slug>; only canonical page numbers 2, 3, ... exist here.
  const page = params && /^[1-9]\d{0,3}$/.test(params.page) ? Number(params.page) : 0;
  const slug = params && SLUG_PATTERN.test(params.slug) ? params.slug : null;
  const data = page >= 2 && slug ? await loadFresh(categoryPath(slug, page), () => getCategoryPage(slug, page)) : null;
  if (!data) return { notFound: true, revalidate: pageRevalidateSetting() };
  return { props: data, revalidate: pageRevalidateSetting() };
};

export default CategoryListing;
