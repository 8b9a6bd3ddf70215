import type { ProductForEdit } from '../lib/catalog/product-for-edit';
import type { ProductUpdate } from '../lib/validations/product-update';

/** The body the dashboard's product form sends for `product` as loaded, with `changes` applied. */
export function productFormOf(product: ProductForEdit, changes: Partial<ProductUpdate> = {}): ProductUpdate {
  return {
    version: product.version,
    slug: product.slug,
    title: product.title,
    description: product.description,
    status: product.status,
    featured: product.featured,
    categoryIds: product.categoryIds,
    variants: product.variants.map((v) => ({
      id: v.id,
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      stock: v.stock,
    })),
    ...changes,
  };
}
