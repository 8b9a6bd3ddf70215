/**
 * The product feed against the database: every variant with a picture of every product in scope
 * that shoppers can see has one item, at the price its page must show (a sale as g:price +
 * g:sale_price), with the availability its page shows and a link to that page; nothing else of
 * those products is in it.
 */
import { XMLParser } from 'fast-xml-parser';
import { toDecimalString, type Money } from '../../lib/money/money';
import type { CheckResult, ExpectedProduct, FetchedPage, Mismatch } from './types';

export const FEED_PATH = '/feeds/google.xml';

type FeedItem = Record<string, unknown>;

const googlePrice = (money: Money) => `${toDecimalString(money)} ${money.currency}`;

export function checkFeed(page: FetchedPage, products: readonly ExpectedProduct[]): CheckResult {
  if (page.status !== 200) {
    return {
      mismatches: [{ kind: 'page-error', page: FEED_PATH, expected: '200', shown: String(page.status) }],
      pricesChecked: 0,
    };
  }
  const parsed = new XMLParser({ parseTagValue: false }).parse(page.html) as {
    rss?: { channel?: { item?: FeedItem | FeedItem[] } };
  };
  const items = new Map([parsed.rss?.channel?.item ?? []].flat().map((item) => [String(item['g:id']), item]));
  const mismatches: Mismatch[] = [];
  let pricesChecked = 0;
  for (const product of products) {
    for (const variant of product.variants) {
      const item = items.get(variant.sku);
      const subject = { page: FEED_PATH, product: product.slug, sku: variant.sku };
      if (product.status !== 'ACTIVE' || !variant.pictured) {
        if (item) mismatches.push({ kind: 'unexpected-in-feed', ...subject, expected: 'no item', shown: 'an item' });
        continue;
      }
      if (!item) {
        mismatches.push({ kind: 'missing-from-feed', ...subject, expected: 'an item', shown: 'none' });
        continue;
      }
      const onSale = variant.compareAtPrice !== null && variant.compareAtPrice.amount > variant.price.amount;
      const expected = onSale
        ? { price: googlePrice(variant.compareAtPrice!), sale: googlePrice(variant.price) }
        : { price: googlePrice(variant.price), sale: undefined };
      const shown = { price: item['g:price'] as string | undefined, sale: item['g:sale_price'] as string | undefined };
      pricesChecked += 1;
      if (shown.price !== expected.price || shown.sale !== expected.sale) {
        mismatches.push({
          kind: 'feed-price',
          ...subject,
          expected: `${expected.price}${expected.sale ? ` (sale ${expected.sale})` : ''}`,
          shown: `${shown.price ?? 'none'}${shown.sale ? ` (sale ${shown.sale})` : ''}`,
        });
      }
      const availability = variant.inStock ? 'in_stock' : 'out_of_stock';
      if (item['g:availability'] !== availability) {
        mismatches.push({
          kind: 'feed-availability',
          ...subject,
          expected: availability,
          shown: typeof item['g:availability'] === 'string' ? item['g:availability'] : 'none',
        });
      }
      const link = typeof item['g:link'] === 'string' ? item['g:link'] : '';
      if (!new RegExp(`^https?://[^/]+/products/${product.slug}(\\?variant=\\d+)?$`).test(link)) {
        mismatches.push({
          kind: 'feed-link',
          ...subject,
          expected: `/products/${product.slug}`,
          shown: link || 'none',
        });
      }
    }
  }
  return { mismatches, pricesChecked };
}
