import type { CategoryPageData } from '@/lib/catalog/types';
import { Layout, SHOP_NAME } from './layout';
import { Pagination } from './pagination';
import { ProductGrid } from './product-card';

export function CategoryListing({ category, page, hasPreviousPage, hasNextPage, products }: CategoryPageData) {
  const title = page === 1 ? category.name : `${category.name} – page ${page}`;
  return (
    <Layout title={title} description={category.description || `${category.name} at ${SHOP_NAME}`}>
      <h1>{category.name}</h1>
      {page === 1 && <p className="lead">{category.description}</p>}
      <ProductGrid products={products} />
      <Pagination
        categorySlug={category.slug}
        page={page}
        hasPreviousPage={hasPreviousPage}
        hasNextPage={hasNextPage}
      />
    </Layout>
  );
}
