/** Plain, serialisable shapes the storefront pages render (what getStaticProps returns). */
import type { Money } from '../money/money';
import type { StockState } from './stock-state';

export type { StockState };

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
  /** The variant's id: the product page's `?variant=` names it. */
  id: number;
  sku: string;
  title: string;
  price: Money;
  compareAtPrice: Money | null;
  /**
   * What shoppers are told of its stock, never the count itself: the page changes (and is
   * purged) only when this does (lib/revalidation/paths-for-change.ts, the stock rule).
   */
  stockState: StockState;
  /** The product image showing this variant (its colour); null when no image is its own. */
  image: ImageView | null;
  /** One value per option of the product, in the options' order; none when it has no options. */
  optionValues: string[];
}

/** One of a product's options and its values, in the order the picker shows them. */
export interface OptionView {
  name: string;
  values: string[];
}

export interface ProductPageData {
  slug: string;
  title: string;
  description: string;
  images: ImageView[];
  /** Empty for a product without options (its one variant needs no choosing). */
  options: OptionView[];
  variants: VariantView[];
  categories: CategoryLink[];
}
