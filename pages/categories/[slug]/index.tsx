import { loadFresh } from '@/lib/revalidation/render-guard';
import { categoryPath, SLUG_PATTERN } from '@/lib/storefront/paths';
import type { GetStaticPaths, GetStaticProps } from 'next';
import { CategoryListing } from '@/components/category-listing';
import { getCategoryPage, listCategories } from '@/lib/catalog/storefront';
import type { CategoryPageData } from '@/lib/catalog/types';
import { pageRevalidateSetting } from '@/lib/storefront/isr-policy';

export const getStaticPaths: GetStaticPaths = async () => ({
  paths: (await listCategories()).map(({ slug }) => ({ params: { slug } })),
  fallback: 'blocking',
});

export const getStaticProps: GetStaticProps<CategoryPageData, { slug: string }> = async ({ params }) => {
  const slug = params && SLUG_PATTERN.test(params.slug) ? params.slug : null;
  const data = slug ? await loadFresh(categoryPath(slug), () => getCategoryPage(slug, 1)) : null;
  if (!data) return { notFound: true, revalidate: pageRevalidateSetting() };
  return { props: data, revalidate: pageRevalidateSetting() };
};

export default CategoryListing;
