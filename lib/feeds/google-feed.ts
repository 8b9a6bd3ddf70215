/**
 * The Google Merchant Center product feed (RSS 2.0 with Google's `g:` namespace): one item per
 * variant, built from the same props as the product pages (lib/catalog/storefront.ts), so the
 * feed, the page, its JSON-LD and checkout cannot disagree once the purge that rebuilds the feed
 * and the page is done (lib/feeds/stored-documents.ts).
 *
 * A variant without a picture (its own or the product's) is left out: Google requires one.
 *
 * A variant with a compare-at price is on sale: `g:price` is the compare-at price and
 * `g:sale_price` the price the page shows and checkout charges, as Google documents it.
 */
import type { ProductPageData, VariantView } from '../catalog/types';
import { allProductPages } from '../catalog/storefront';
import { toDecimalString, type Money } from '../money/money';
import { absoluteUrl, productPath } from '../storefront/paths';
import { SHOP_NAME } from '../storefront/shop';
import { element } from './xml';

/** The option names Google has attributes for, by lower-case name. */
const OPTION_ATTRIBUTES: Record<string, string> = {
  size: 'g:size',
  colour: 'g:color',
  color: 'g:color',
  material: 'g:material',
  pattern: 'g:pattern',
};

/** Google's longest title and description. */
const MAX_TITLE = 150;
const MAX_DESCRIPTION = 5000;

/** The whole feed, built in one go from the catalog (the stored feed is put together from pieces). */
export async function buildGoogleFeed(origin: string): Promise<string> {
  return wrapFeedItems(origin, [await buildGoogleFeedItems(origin)]);
}

/**
 * The items of the products with an id in `ids` (inclusive), one per line: a piece of the stored
 * feed (lib/feeds/stored-documents.ts); empty when none of them is shown.
 */
export async function buildGoogleFeedItems(origin: string, ids?: { from: number; to: number }): Promise<string> {
  const items: string[] = [];
  for await (const products of allProductPages(500, ids)) {
    for (const product of products)
      for (const variant of product.variants) {
        // Google requires a picture for every product and disapproves items without one.
        if (variant.image ?? product.images[0]) items.push(feedItem(origin, product, variant));
      }
  }
  return items.join('\n');
}

/** The RSS document around pieces of items, in order (empty pieces add nothing). */
export function wrapFeedItems(origin: string, pieces: readonly string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">',
    '<channel>',
    element('title', SHOP_NAME),
    element('link', `${origin}/`),
    element('description', `Every product of ${SHOP_NAME}, at the price its page shows now.`),
    ...pieces.filter((piece) => piece.length > 0),
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

function feedItem(origin: string, product: ProductPageData, variant: VariantView): string {
  const several = product.variants.length > 1;
  const link = `${origin}${productPath(product.slug)}${several ? `?variant=${variant.id}` : ''}`;
  const image = variant.image ?? product.images[0];
  const fields = [
    element('g:id', variant.sku),
    element('g:title', clip(several ? `${product.title} – ${variant.title}` : product.title, MAX_TITLE)),
    element('g:description', clip(product.description.trim() || product.title, MAX_DESCRIPTION)),
    element('g:link', link),
    ...(image ? [element('g:image_link', absoluteUrl(origin, image.url))] : []),
    ...product.images
      .filter((other) => other.url !== image?.url)
      .slice(0, 10)
      .map((other) => element('g:additional_image_link', absoluteUrl(origin, other.url))),
    element('g:availability', variant.stockState.kind === 'sold-out' ? 'out_of_stock' : 'in_stock'),
    ...priceElements(variant),
    element('g:condition', 'new'),
    element('g:brand', SHOP_NAME),
    element('g:identifier_exists', 'no'),
    ...(several ? [element('g:item_group_id', product.slug)] : []),
    ...product.options.flatMap((option, i) => {
      const attribute = OPTION_ATTRIBUTES[option.name.trim().toLowerCase()];
      const value = variant.optionValues[i];
      return attribute && value ? [element(attribute, value)] : [];
    }),
  ];
  return `<item>${fields.join('')}</item>`;
}

function priceElements(variant: VariantView): string[] {
  if (variant.compareAtPrice && variant.compareAtPrice.amount > variant.price.amount) {
    return [
      element('g:price', googlePrice(variant.compareAtPrice)),
      element('g:sale_price', googlePrice(variant.price)),
    ];
  }
  return [element('g:price', googlePrice(variant.price))];
}

/** "19.99 USD": Google's format, from the same minor units the page shows. */
export function googlePrice(money: Money): string {
  return `${toDecimalString(money)} ${money.currency}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
