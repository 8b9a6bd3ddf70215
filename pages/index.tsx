import type { GetStaticProps } from 'next';
import { CategoryList } from '@/components/category-list';
import { Layout, SHOP_NAME } from '@/components/layout';
import { ProductGrid } from '@/components/product-card';
import type { HomePageData } from '@/lib/catalog/types';
import { getHomePageProps } from '@/lib/storefront/page-props';

export const getStaticProps: GetStaticProps<HomePageData> = () => getHomePageProps();

export default function HomePage({ featured, categories }: HomePageData) {
  return (
    <Layout title={SHOP_NAME}>
      <section aria-labelledby="categories-heading">
        <h1 id="categories-heading">Shop by category</h1>
        <CategoryList categories={categories} />
      </section>
      <section aria-labelledby="featured-heading">
        <h2 id="featured-heading">Featured</h2>
        <ProductGrid products={featured} />
      </section>
    </Layout>
  );
}
