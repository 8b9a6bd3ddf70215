import { stockStateOf } from './stock-state';
import type { ImageView, OptionView, ProductCard, VariantView } from './types';

/** A variant as read for its product's page (lib/catalog/product-page-query.ts). */
export interface VariantRow {
  id: number;
  sku: string;
  title: string;
  price: number;
  currency: string;
  compareAtPrice: number | null;
  stock: number;
  image?: ImageView | null;
  optionValues: { optionId: number; optionValue: { value: string } }[];
}

/** An option and its values, in the picker's order. */
export interface OptionRow {
  id: number;
  name: string;
  values: { value: string }[];
}

interface ProductRow {
  slug: string;
  title: string;
  images: { url: string; alt: string; width: number; height: number }[];
  variants: Pick<VariantRow, 'price' | 'currency' | 'compareAtPrice' | 'stock'>[];
}

export function reshapeOption(row: OptionRow): OptionView {
  return { name: row.name, values: row.values.map((v) => v.value) };
}

/** A variant as the product page shows it; `options` are its product's, in their order. */
export function reshapeVariant(row: VariantRow, options: readonly OptionRow[]): VariantView {
  return {
    id: row.id,
    sku: row.sku,
    title: row.title,
    price: { amount: row.price, currency: row.currency },
    compareAtPrice: row.compareAtPrice === null ? null : { amount: row.compareAtPrice, currency: row.currency },
    stockState: stockStateOf(row.stock),
    image: row.image ?? null,
    optionValues: combinationOf(row, options),
  };
}

/**
 * The variant's values in the options' order. The options writer gives every variant a value for
 * every option; should one still lack a value, it gets none, so the picker leaves it out (it stays
 * in the variant table) instead of the page failing.
 */
function combinationOf(row: VariantRow, options: readonly OptionRow[]): string[] {
  const values = options.map((option) => row.optionValues.find((v) => v.optionId === option.id)?.optionValue.value);
  return values.every((value) => value !== undefined) ? values : [];
}

/** A listing card: the cheapest variant's price, and its compare-at price if it has one. */
export function reshapeProductCard(row: ProductRow): ProductCard {
  const cheapest = [...row.variants].sort((a, b) => a.price - b.price)[0];
  if (!cheapest) throw new Error(`product ${row.slug} has no variants`);
  const first = row.images[0];
  return {
    slug: row.slug,
    title: row.title,
    image: first ? { url: first.url, alt: first.alt, width: first.width, height: first.height } : null,
    price: { amount: cheapest.price, currency: cheapest.currency },
    priceRangeDiffers: row.variants.some((v) => v.price !== cheapest.price),
    compareAtPrice:
      cheapest.compareAtPrice === null ? null : { amount: cheapest.compareAtPrice, currency: cheapest.currency },
    inStock: row.variants.some((v) => v.stock > 0),
  };
}
