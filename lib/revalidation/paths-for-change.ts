/**
 * The one place that decides which pages a catalog change touches. Pure: callers pass what
 * the catalog looked like before and after the change (see lib/catalog/placements.ts).
 */
import type { Listing, ProductPlacement } from '../catalog/placements';
import type { StockState } from '../catalog/stock-state';
import {
  FEED_PATH,
  HOME_PATH,
  SITEMAP_PATH,
  categoryPath,
  isProductPath,
  isStorefrontPath,
  pageCount,
  pageOfIndex,
  productPath,
} from '../storefront/paths';

export type { Listing, ProductPlacement };

export type CatalogChange =
  /** A product (or one of its variants) changed; null before = created, null after = deleted. */
  | { kind: 'product'; before: ProductPlacement | null; after: ProductPlacement | null }
  /** Only the present is known (e.g. an operator purging after an outside write). */
  | { kind: 'product-current'; current: ProductPlacement }
  /**
   * Only the stock of the product's variants changed (a sale, a restock, a vendor's inventory):
   * the product stays where it is, and what shoppers see of each variant is its stock state.
   */
  | { kind: 'stock'; placement: ProductPlacement; variants: VariantStockChange[] };

/**
 * One variant's stock state as the storefront shows it (lib/catalog/stock-state.ts), before and
 * after. A stock change lists every variant of the product, changed or not.
 */
export interface VariantStockChange {
  variantId: number;
  before: StockState;
  after: StockState;
}

/**
 * Every path one transaction's changes touch, sorted, without duplicates: the pages of each
 * change, the pages an operator named, and the documents built from pages. The sitemap lists
 * every page with the time it last changed, so it changes whenever a page does; the feed shows
 * every product, so it changes with any product page an operator names.
 */
export function pathsForChanges(
  changes: readonly CatalogChange[],
  namedPaths: readonly string[],
  pageSize: number,
): string[] {
  const paths = new Set([...changes.flatMap((change) => pathsForChange(change, pageSize)), ...namedPaths]);
  if (changes.some(changesFeed) || namedPaths.some(isProductPath)) paths.add(FEED_PATH);
  if ([...paths].some(isStorefrontPath)) paths.add(SITEMAP_PATH);
  return [...paths].sort();
}

/**
 * Whether the product feed (one item per shown variant: title, description, prices, pictures,
 * and only in_stock or out_of_stock) says something else after `change`.
 */
function changesFeed(change: CatalogChange): boolean {
  if (change.kind === 'product-current') return true;
  if (change.kind === 'product') return Boolean(change.before?.visible || change.after?.visible);
  return (
    change.placement.visible &&
    change.variants.some((v) => (v.before.kind === 'sold-out') !== (v.after.kind === 'sold-out'))
  );
}

/** Every page that shows data touched by `change`, sorted, without duplicates. */
export function pathsForChange(change: CatalogChange, pageSize: number): string[] {
  const paths = new Set<string>();
  if (change.kind === 'product') addProductPaths(paths, change.before, change.after, pageSize);
  else if (change.kind === 'stock') addStockPaths(paths, change.placement, change.variants, pageSize);
  else addCurrentProductPaths(paths, change.current, pageSize);
  return [...paths].sort();
}

function addProductPaths(
  paths: Set<string>,
  before: ProductPlacement | null,
  after: ProductPlacement | null,
  pageSize: number,
): void {
  if (!before?.visible && !after?.visible) return; // never shown, before or after: no page has it
  for (const state of [before, after]) if (state) paths.add(productPath(state.slug));
  if ((before?.visible && before.featured) || (after?.visible && after.featured)) paths.add(HOME_PATH);
  const categories = new Set([...(before?.listings ?? []), ...(after?.listings ?? [])].map((l) => l.categorySlug));
  for (const slug of categories) {
    const was = before?.listings.find((l) => l.categorySlug === slug);
    const is = after?.listings.find((l) => l.categorySlug === slug);
    for (const page of listingPagesTouched(was, is, pageSize)) paths.add(categoryPath(slug, page));
  }
}

/**
 * Pages of one category listing that change. If the product kept its place, only its page.
 * If it entered, left or moved, every product after it shifts by one: all pages from the
 * first affected one to the last page of the longer listing. When the number of pages
 * changes, the old last page changes too (its "Next" link appears or goes), even if it lies
 * before the product.
 */
function listingPagesTouched(was: Listing | undefined, is: Listing | undefined, pageSize: number): number[] {
  const wasIndex = was?.index ?? null;
  const isIndex = is?.index ?? null;
  if (wasIndex === null && isIndex === null) return [];
  if (wasIndex !== null && wasIndex === isIndex && was?.listingSize === is?.listingSize) {
    return [pageOfIndex(wasIndex, pageSize)];
  }
  const indexes = [wasIndex, isIndex].filter((i): i is number => i !== null);
  const pagesBefore = pageCount(listingSizeOn(was, is), pageSize);
  const pagesAfter = pageCount(listingSizeOn(is, was), pageSize);
  const first = pageOfIndex(Math.min(...indexes), pageSize);
  const shifted = range(first, Math.max(pagesBefore, pagesAfter));
  return pagesBefore === pagesAfter ? shifted : [...new Set([Math.min(pagesBefore, pagesAfter), ...shifted])];
}

/**
 * The listing's size on one side of the change. A side without the category means the
 * product was not a member then: the listing had one product fewer than the other side
 * counts if the product is shown there, else the same number.
 */
function listingSizeOn(side: Listing | undefined, other: Listing | undefined): number {
  if (side) return side.listingSize;
  if (!other) return 0;
  return other.listingSize - (other.index === null ? 0 : 1);
}

/**
 * The stock rule: a page is purged only when what it shows changes. The product page shows each
 * variant's stock state ("In stock", "Only 3 left", "Sold out"), so it changes when one of those
 * does; a sale that leaves 40 of 50 changes nothing. Cards (listings, and home for a featured
 * product) show "Sold out" only when no variant can be bought, so they change when the product
 * sells out or comes back; the product keeps its place, so only the listing page holding it.
 */
function addStockPaths(
  paths: Set<string>,
  placement: ProductPlacement,
  variants: readonly VariantStockChange[],
  pageSize: number,
): void {
  if (!placement.visible) return;
  const shown = (state: StockState) => (state.kind === 'low' ? `low:${state.left}` : state.kind);
  if (variants.every((v) => shown(v.before) === shown(v.after))) return;
  paths.add(productPath(placement.slug));
  const buyable = (side: 'before' | 'after') => variants.some((v) => v[side].kind !== 'sold-out');
  if (buyable('before') === buyable('after')) return;
  if (placement.featured) paths.add(HOME_PATH);
  for (const listing of placement.listings) {
    if (listing.index !== null) paths.add(categoryPath(listing.categorySlug, pageOfIndex(listing.index, pageSize)));
  }
}

/**
 * Only the present is known (an operator's purge after an outside write): the pages that show the
 * product now, its page, the listing page holding it in each category and home if it is featured,
 * however long its listings are. What an outside write moved is not known here: the operator
 * names those pages (docs/purge.md). A product shoppers cannot see any more was on a page of each
 * of its categories, which one is not known: all of them, plus one past the end in case the
 * listing just got shorter, and home.
 */
function addCurrentProductPaths(paths: Set<string>, current: ProductPlacement, pageSize: number): void {
  paths.add(productPath(current.slug));
  if (!current.visible) {
    paths.add(HOME_PATH);
    for (const listing of current.listings) {
      const pages = pageCount(listing.listingSize + 1, pageSize);
      for (const page of range(1, pages)) paths.add(categoryPath(listing.categorySlug, page));
    }
    return;
  }
  if (current.featured) paths.add(HOME_PATH);
  for (const listing of current.listings) {
    if (listing.index !== null) paths.add(categoryPath(listing.categorySlug, pageOfIndex(listing.index, pageSize)));
  }
}

function range(first: number, last: number): number[] {
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}
