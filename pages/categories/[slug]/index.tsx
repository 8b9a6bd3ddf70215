import type { GetStaticPaths, GetStaticProps } from 'next';
import { CategoryListing, type CategoryListingProps } from '@/components/category-listing';
import { getCategoryPageProps, getCategoryStaticPaths } from '@/lib/storefront/page-props';

/** No Next runtime in the browser: the page's few scripts are the storefront island (islands/). */
export const config = { unstable_runtimeJS: false };

export const getStaticPaths: GetStaticPaths<{ slug: string }> = () => getCategoryStaticPaths();

export const getStaticProps: GetStaticProps<CategoryListingProps, { slug: string }> = ({ params }) =>
  getCategoryPageProps(params?.slug);

export default CategoryListing;
