import type { GetStaticPaths, GetStaticProps } from 'next';
import { CategoryListing } from '@/components/category-listing';
import type { CategoryPageData } from '@/lib/catalog/types';
import { getCategoryPageProps, getLaterCategoryPageStaticPaths } from '@/lib/storefront/page-props';

type Params = { slug: string; page: string };

export const getStaticPaths: GetStaticPaths<Params> = () => getLaterCategoryPageStaticPaths();

// Page 1 lives at /categories/<slug>: here a missing segment is no page, not page 1.
export const getStaticProps: GetStaticProps<CategoryPageData, Params> = ({ params }) =>
  getCategoryPageProps(params?.slug, params?.page ?? '');

export default CategoryListing;
