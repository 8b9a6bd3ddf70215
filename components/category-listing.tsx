import type { CategoryPageData } from '@/lib/catalog/types';
import type { WithShopOrigin } from '@/lib/storefront/page-props';
import { categoryPath } from '@/lib/storefront/paths';
import { listingTrail } from './breadcrumb-trail';
import { Breadcrumbs } from './breadcrumbs';
import { Layout, SHOP_NAME } from './layout';
import { Pagination } from './pagination';
import { ProductGrid } from './product-card';

export type CategoryListingProps = WithShopOrigin<CategoryPageData>;

export function CategoryListing({
  category,
  page,
  hasPreviousPage,
  hasNextPage,
  products,
  shopOrigin,
}: CategoryListingProps) {
  const title = page === 1 ? category.name : `${category.name} – page ${page}`;
  // Each page is its own canonical (page n is not page 1); its first picture previews the link.
  const seo = {
    origin: shopOrigin,
    path: categoryPath(category.slug, page),
    image: products[0]?.image ?? null,
    previousPath: hasPreviousPage ? categoryPath(category.slug, page - 1) : null,
    nextPath: hasNextPage ? categoryPath(category.slug, page + 1) : null,
  };
  return (
    <Layout title={title} description={category.description || `${category.name} at ${SHOP_NAME}`} seo={seo}>
      <Breadcrumbs trails={[listingTrail(category, page)]} origin={shopOrigin} />
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
