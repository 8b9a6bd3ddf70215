import type { GetStaticPaths, GetStaticProps } from 'next';
import { CategoryListing, type CategoryListingProps } from '@/components/category-listing';
import { getCategoryPageProps, getLaterCategoryPageStaticPaths } from '@/lib/storefront/page-props';

/** No Next runtime in the browser: the page's few scripts are the storefront island (islands/). */
export const config = { unstable_runtimeJS: false };

type Params = { slug: string; page: string };

export const getStaticPaths: GetStaticPaths<Params> = () => getLaterCategoryPageStaticPaths();

// Page 1 lives at /categories/<slug>: here a missing segment is no page, not page 1.
export const getStaticProps: GetStaticProps<CategoryListingProps, Params> = ({ params }) =>
  getCategoryPageProps(params?.slug, params?.page ?? '');

export default CategoryListing;
