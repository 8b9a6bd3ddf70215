/** Plain, serialisable shapes the storefront pages render (what getStaticProps returns). */
import type { Money } from '../money/money';

export interface ImageView {
  url: string;
  alt: string;
  width: number;
  height: number;
}

export interface CategoryLink {
  slug: string;
  name: string;
}

export interface ProductCard {
  slug: string;
  title: string;
  image: ImageView | null;
  /** Lowest variant price; `priceRangeDiffers` says whether "from" applies. */
  price: Money;
  priceRangeDiffers: boolean;
  compareAtPrice: Money | null;
  inStock: boolean;
}

export interface HomePageData {
  featured: ProductCard[];
  categories: CategoryLink[];
}

export interface CategoryPageData {
  category: CategoryLink & { description: string };
  page: number;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
  products: ProductCard[];
}

export interface VariantView {
  sku: string;
  title: string;
  price: Money;
  compareAtPrice: Money | null;
  stock: number;
}

export interface ProductPageData {
  slug: string;
  title: string;
  description: string;
  images: ImageView[];
  variants: VariantView[];
  categories: CategoryLink[];
}
