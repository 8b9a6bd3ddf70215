import type { GetStaticPaths, GetStaticProps } from 'next';
import { CategoryListing } from '@/components/category-listing';
import type { CategoryPageData } from '@/lib/catalog/types';
import { getCategoryPageProps, getCategoryStaticPaths } from '@/lib/storefront/page-props';

export const getStaticPaths: GetStaticPaths<{ slug: string }> = () => getCategoryStaticPaths();

export const getStaticProps: GetStaticProps<CategoryPageData, { slug: string }> = ({ params }) =>
  getCategoryPageProps(params?.slug);

export default CategoryListing;
