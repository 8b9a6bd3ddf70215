import type { GetStaticProps } from 'next';
import { CategoryList } from '@/components/category-list';
import { Layout, SHOP_NAME } from '@/components/layout';
import { ProductGrid } from '@/components/product-card';
import type { HomePageData } from '@/lib/catalog/types';
import { getHomePageProps, type WithShopOrigin } from '@/lib/storefront/page-props';
import { HOME_PATH } from '@/lib/storefront/paths';

/** No Next runtime in the browser: the page's few scripts are the storefront island (islands/). */
export const config = { unstable_runtimeJS: false };

type Props = WithShopOrigin<HomePageData>;

export const getStaticProps: GetStaticProps<Props> = () => getHomePageProps();

export default function HomePage({ featured, categories, shopOrigin }: Props) {
  return (
    <Layout title={SHOP_NAME} seo={{ origin: shopOrigin, path: HOME_PATH }}>
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
