import type { ProductCard, VariantView } from './types';

interface VariantRow {
  sku: string;
  title: string;
  price: number;
  currency: string;
  compareAtPrice: number | null;
  stock: number;
}

interface ProductRow {
  slug: string;
  title: string;
  images: { url: string; alt: string; width: number; height: number }[];
  variants: VariantRow[];
}

export function reshapeVariant(row: VariantRow): VariantView {
  return {
    sku: row.sku,
    title: row.title,
    price: { amount: row.price, currency: row.currency },
    compareAtPrice: row.compareAtPrice === null ? null : { amount: row.compareAtPrice, currency: row.currency },
    stock: row.stock,
  };
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
