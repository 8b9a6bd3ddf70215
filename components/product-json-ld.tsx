import type { ProductPageData } from '@/lib/catalog/types';
import { toDecimalString } from '@/lib/money/money';

/** schema.org Product data built from the same props as the visible prices, so they cannot disagree. */
export function productJsonLd(product: ProductPageData) {
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    description: product.description,
    image: product.images.map((image) => image.url),
    offers: product.variants.map((variant) => ({
      '@type': 'Offer',
      sku: variant.sku,
      name: variant.title,
      price: toDecimalString(variant.price),
      priceCurrency: variant.price.currency,
      // The stock state the page shows (stockStateOf), so the offer and the visible text agree.
      availability:
        variant.stockState.kind === 'sold-out' ? 'https://schema.org/OutOfStock' : 'https://schema.org/InStock',
    })),
  };
}

export function ProductJsonLd({ product }: { product: ProductPageData }) {
  // `<` is escaped so text like "</script>" in a description cannot end the script element.
  const json = JSON.stringify(productJsonLd(product)).replace(/</g, '\\u003c');
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />;
}
