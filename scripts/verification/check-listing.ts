/**
 * Compares the product cards of the home page and the category listings with the database:
 * each card's price is its product's lowest variant price, only ACTIVE products of the listing
 * appear, and each of them appears exactly once across the listing's pages, on the page the
 * database places it (listing membership per page, not only prices).
 */
import type { Money } from '../../lib/money/money';
import { describeCompareAt, describeMoney, sameMoney } from './describe';
import type { CheckResult, ExpectedProduct, Mismatch, ShownCard } from './types';

/** A listing: which products belong on it, and where to report the ones that are missing. */
export interface Listing {
  /** "/" or the path of the listing's first page. */
  firstPage: string;
  includes: (product: ExpectedProduct) => boolean;
  /** The path of the page of this listing that must show the product, when the database says. */
  pageOf?: (product: ExpectedProduct) => string | undefined;
}

/** What a card of the product must show: the cheapest variant (the first of equals, by position). */
export function expectedCard(product: ExpectedProduct): { price: Money; compareAtPrice: Money | null } | undefined {
  const cheapest = [...product.variants].sort((a, b) => a.price.amount - b.price.amount)[0];
  return cheapest && { price: cheapest.price, compareAtPrice: cheapest.compareAtPrice };
}

/** The cards of one page of `listing`. */
export function checkCards(
  path: string,
  cards: ShownCard[],
  listing: Listing,
  products: ReadonlyMap<string, ExpectedProduct>,
): CheckResult {
  const mismatches: Mismatch[] = [];
  let pricesChecked = 0;
  for (const card of cards) {
    const product = products.get(card.slug);
    const expected =
      product && product.status === 'ACTIVE' && listing.includes(product) ? expectedCard(product) : undefined;
    if (!product || !expected) {
      const why = !product ? 'unknown product' : product.status !== 'ACTIVE' ? product.status : 'not in this listing';
      mismatches.push({
        kind: 'unexpected-on-listing',
        page: path,
        product: card.slug,
        expected: `no card (${why})`,
        shown: 'a card',
      });
      continue;
    }
    const at = { page: path, product: card.slug };
    pricesChecked += 1;
    if (!sameMoney(expected.price, card.price)) {
      mismatches.push({
        kind: 'card-price',
        ...at,
        expected: describeMoney(expected.price),
        shown: describeMoney(card.price),
      });
    }
    if (expected.compareAtPrice || card.compareAtPrice) pricesChecked += 1;
    if (!sameMoney(expected.compareAtPrice, card.compareAtPrice)) {
      const [want, got] = [describeCompareAt(expected.compareAtPrice), describeCompareAt(card.compareAtPrice)];
      mismatches.push({ kind: 'card-compare-at', ...at, expected: want, shown: got });
    }
  }
  return { mismatches, pricesChecked };
}

/**
 * After every page of a listing was read: each ACTIVE product that belongs on it must have been
 * seen exactly once. `seen` maps a slug to the pages whose cards showed it.
 */
export function checkCoverage(
  listing: Listing,
  seen: ReadonlyMap<string, string[]>,
  products: Iterable<ExpectedProduct>,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const product of products) {
    if (product.status !== 'ACTIVE' || !listing.includes(product)) continue;
    const pages = seen.get(product.slug) ?? [];
    if (pages.length === 0) {
      mismatches.push({
        kind: 'missing-from-listing',
        page: listing.firstPage,
        product: product.slug,
        expected: 'a card',
        shown: 'none on any page',
      });
    } else if (pages.length === 1 && listing.pageOf?.(product) && listing.pageOf(product) !== pages[0]) {
      mismatches.push({
        kind: 'wrong-listing-page',
        page: pages[0] ?? listing.firstPage,
        product: product.slug,
        expected: `a card on ${listing.pageOf(product)}`,
        shown: `its card on ${pages[0]}`,
      });
    } else if (pages.length > 1) {
      // A product shown twice means some page still has an older order of the listing.
      mismatches.push({
        kind: 'duplicate-on-listing',
        page: pages[0] ?? listing.firstPage,
        product: product.slug,
        expected: 'one card',
        shown: `cards on ${pages.join(', ')}`,
      });
    }
  }
  return mismatches;
}
