/**
 * Small storefront HTML fixtures for the verification tests, written the way the components
 * render (components/product-card.tsx, variant-table.tsx, product-json-ld.tsx, pagination.tsx);
 * read-page.test.ts proves the real components match them.
 */
import type { Money } from '../../../lib/money/money';
import { toDecimalString } from '../../../lib/money/money';
import type { CatalogSnapshot, ExpectedProduct } from '../types';

const price = (money: Money, className?: string) =>
  `<span${className ? ` class="${className}"` : ''} data-price-minor="${money.amount}" data-currency="${money.currency}">${toDecimalString(money)}</span>`;

export const usd = (amount: number): Money => ({ amount, currency: 'USD' });

export function cardHtml(slug: string, shown: Money, compareAt?: Money): string {
  const was = compareAt ? `<s class="compare-at">${price(compareAt)}</s>` : '';
  return `<li class="card" data-product-slug="${slug}"><a href="/products/${slug}"><span class="card-title">${slug}</span></a><p class="card-price">${price(shown, 'price')}${was}</p></li>`;
}

export function listingHtml(cards: string[], nextPath?: string): string {
  const next = nextPath ? `<a rel="next" href="${nextPath}">Next →</a>` : '';
  return `<!DOCTYPE html><html><body><main><ul class="grid">${cards.join('')}</ul><nav class="pagination"><span>Page</span>${next}</nav></main></body></html>`;
}

export interface VariantFixture {
  sku: string;
  price: Money;
  compareAtPrice?: Money;
  /** What the JSON-LD offer says, when it differs from the visible price. */
  offerPrice?: string;
}

/** A product page; `chosen` adds the option picker's chosen variant (its sku and shown prices). */
export function productHtml(variants: VariantFixture[], chosen?: VariantFixture): string {
  const offers = variants.map((v) => ({
    '@type': 'Offer',
    sku: v.sku,
    price: v.offerPrice ?? toDecimalString(v.price),
    priceCurrency: v.price.currency,
  }));
  const jsonLd = JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', offers });
  const rows = variants.map(
    (v) =>
      `<tr data-sku="${v.sku}"><td>${v.sku}</td><td>${price(v.price, 'price')}${v.compareAtPrice ? `<s class="compare-at">${price(v.compareAtPrice)}</s>` : ''}</td></tr>`,
  );
  const picker = chosen
    ? `<p class="chosen-variant" data-chosen-sku="${chosen.sku}">${price(chosen.price, 'price')}${chosen.compareAtPrice ? `<s class="compare-at">${price(chosen.compareAtPrice)}</s>` : ''}</p>`
    : '';
  return `<!DOCTYPE html><html><head></head><body><script type="application/ld+json">${jsonLd}</script>${picker}<table class="variants"><tbody>${rows.join('')}</tbody></table></body></html>`;
}

/** An ACTIVE product with one variant per price, skus `<SLUG>-1`, `<SLUG>-2`, ... */
export function product(slug: string, prices: number[], overrides: Partial<ExpectedProduct> = {}): ExpectedProduct {
  return {
    slug,
    status: 'ACTIVE',
    featured: false,
    categorySlugs: ['mugs'],
    variants: prices.map((amount, i) => ({
      sku: `${slug.toUpperCase()}-${i + 1}`,
      price: usd(amount),
      compareAtPrice: null,
      inStock: true,
      pictured: true,
    })),
    ...overrides,
  };
}

export function snapshotOf(products: ExpectedProduct[], categories = ['mugs']): CatalogSnapshot {
  return { categories, products, includeHome: false };
}

/**
 * The product feed with one item per sku and price (and a sale price when given), as the shop
 * writes it: in stock and linked to the page of the product `product()` names `<SLUG>-<n>`,
 * unless the item says otherwise.
 */
export function feedXml(
  items: { sku: string; price: string; sale?: string; availability?: string; link?: string }[],
): string {
  const body = items
    .map((item) => {
      const link = item.link ?? `http://shop.test/products/${item.sku.replace(/-\d+$/, '').toLowerCase()}`;
      return `<item><g:id>${item.sku}</g:id><g:link>${link}</g:link><g:availability>${item.availability ?? 'in_stock'}</g:availability><g:price>${item.price}</g:price>${item.sale ? `<g:sale_price>${item.sale}</g:sale_price>` : ''}</item>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel>${body}</channel></rss>`;
}
