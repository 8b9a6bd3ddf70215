import type { ProductPageData } from '@/lib/catalog/types';
import { toDecimalString } from '@/lib/money/money';
import { absoluteUrl, productPath } from '@/lib/storefront/paths';
import { JsonLd } from './json-ld';

/**
 * schema.org Product data built from the same props as the visible prices, so they cannot disagree.
 * With the shop's origin its URLs are absolute and each offer links to its variant. No
 * `priceValidUntil`: the catalog records no date a price ends (a compare-at price has none).
 */
export function productJsonLd(product: ProductPageData, origin: string | null = null) {
  const url = origin ? absoluteUrl(origin, productPath(product.slug)) : null;
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    description: product.description,
    ...(url ? { url } : {}),
    image: product.images.map((image) => (origin ? absoluteUrl(origin, image.url) : image.url)),
    offers: product.variants.map((variant) => ({
      '@type': 'Offer',
      sku: variant.sku,
      name: variant.title,
      // The picker honours ?variant=, so the link opens on this offer.
      ...(url ? { url: product.variants.length > 1 ? `${url}?variant=${variant.id}` : url } : {}),
      price: toDecimalString(variant.price),
      priceCurrency: variant.price.currency,
      // The stock state the page shows (stockStateOf), so the offer and the visible text agree.
      availability:
        variant.stockState.kind === 'sold-out' ? 'https://schema.org/OutOfStock' : 'https://schema.org/InStock',
    })),
  };
}

export function ProductJsonLd({ product, origin = null }: { product: ProductPageData; origin?: string | null }) {
  return <JsonLd data={productJsonLd(product, origin)} />;
}
