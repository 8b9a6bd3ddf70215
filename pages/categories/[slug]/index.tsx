import type { GetStaticPaths, GetStaticProps } from 'next';
import { CategoryListing, type CategoryListingProps } from '@/components/category-listing';
import { getCategoryPageProps, getCategoryStaticPaths } from '@/lib/storefront/page-props';

export const getStaticPaths: GetStaticPaths<{ slug: string }> = () => getCategoryStaticPaths();

export const getStaticProps: GetStaticProps<CategoryListingProps, { slug: string }> = ({ params }) =>
  getCategoryPageProps(params?.slug);

export default CategoryListing;
