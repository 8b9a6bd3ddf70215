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
  feedPieceOf,
  sitemapProductPieceOf,
  feedPiecePath,
  isProductPath,
  isStorefrontPath,
  productPath,
  sitemapPiecePath,
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
  | { kind: 'stock'; placement: ProductPlacement; variants: VariantStockChange[] }
  /** A listing was cut into pages again (the worker's rebalance): these pages of it show other products. */
  | { kind: 'listing'; categoryId: number; categorySlug: string; pages: number[] };

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
 * change, the pages an operator named, and the documents built from pages. Both documents are
 * rebuilt by pieces (lib/feeds/stored-documents.ts). The sitemap lists every page with the time it
 * last changed: a change rebuilds the pieces holding the pages it touches (its product's piece of
 * ids, each category whose listing pages it touches, home). The feed: the piece of each product
 * whose items the change changes. A page an operator names is known by its path only (a slug, no
 * id), so it rebuilds the whole sitemap, and a product page the whole feed.
 */
export function pathsForChanges(changes: readonly CatalogChange[], namedPaths: readonly string[]): string[] {
  const paths = new Set<string>(namedPaths);
  for (const change of changes) {
    const pages = pathsForChange(change);
    for (const path of pages) paths.add(path);
    const productId = productIdOf(change);
    for (const piece of sitemapPiecesOf(change, productId, pages)) paths.add(piece);
    if (productId !== null && changesFeed(change)) paths.add(feedPiecePath(feedPieceOf(productId)));
  }
  if (namedPaths.some(isProductPath)) paths.add(FEED_PATH);
  if (namedPaths.some(isStorefrontPath)) paths.add(SITEMAP_PATH);
  return [...paths].sort();
}

/** The sitemap pieces that hold `pages`, the pages `change` (of product `productId`) touches. */
function sitemapPiecesOf(change: CatalogChange, productId: number | null, pages: readonly string[]): string[] {
  const pieces = new Set<string>();
  if (productId !== null && pages.some(isProductPath)) {
    pieces.add(sitemapPiecePath({ kind: 'products', piece: sitemapProductPieceOf(productId) }));
  }
  if (pages.includes(HOME_PATH)) pieces.add(sitemapPiecePath({ kind: 'home' }));
  for (const listing of listingsOf(change)) {
    const first = categoryPath(listing.categorySlug);
    if (pages.some((page) => page === first || page.startsWith(`${first}/page/`))) {
      pieces.add(sitemapPiecePath({ kind: 'category', categoryId: listing.categoryId }));
    }
  }
  return [...pieces];
}

function listingsOf(change: CatalogChange): Pick<Listing, 'categoryId' | 'categorySlug'>[] {
  if (change.kind === 'product-current') return change.current.listings;
  if (change.kind === 'stock') return change.placement.listings;
  if (change.kind === 'listing') return [change];
  return [...(change.before?.listings ?? []), ...(change.after?.listings ?? [])];
}

/**
 * Whether the product feed (one item per shown variant: title, description, prices, pictures,
 * and only in_stock or out_of_stock) says something else after `change`.
 */
function changesFeed(change: CatalogChange): boolean {
  if (change.kind === 'listing') return false; // the feed has no listings
  if (change.kind === 'product-current') return true;
  if (change.kind === 'product') return Boolean(change.before?.visible || change.after?.visible);
  return (
    change.placement.visible &&
    change.variants.some((v) => (v.before.kind === 'sold-out') !== (v.after.kind === 'sold-out'))
  );
}

/** The product a change is about; null for a listing's. */
function productIdOf(change: CatalogChange): number | null {
  if (change.kind === 'listing') return null;
  if (change.kind === 'product-current') return change.current.id;
  if (change.kind === 'stock') return change.placement.id;
  return (change.after ?? change.before)?.id ?? 0;
}

/** Every page that shows data touched by `change`, sorted, without duplicates. */
export function pathsForChange(change: CatalogChange): string[] {
  const paths = new Set<string>();
  if (change.kind === 'product') addProductPaths(paths, change.before, change.after);
  else if (change.kind === 'stock') addStockPaths(paths, change.placement, change.variants);
  else if (change.kind === 'listing')
    for (const page of change.pages) paths.add(categoryPath(change.categorySlug, page));
  else addCurrentProductPaths(paths, change.current);
  return [...paths].sort();
}

function addProductPaths(paths: Set<string>, before: ProductPlacement | null, after: ProductPlacement | null): void {
  if (!before?.visible && !after?.visible) return; // never shown, before or after: no page has it
  for (const state of [before, after]) if (state) paths.add(productPath(state.slug));
  if ((before?.visible && before.featured) || (after?.visible && after.featured)) paths.add(HOME_PATH);
  const categories = new Set([...(before?.listings ?? []), ...(after?.listings ?? [])].map((l) => l.categorySlug));
  for (const slug of categories) {
    const was = before?.listings.find((l) => l.categorySlug === slug);
    const is = after?.listings.find((l) => l.categorySlug === slug);
    for (const page of listingPagesTouched(was, is)) paths.add(categoryPath(slug, page));
  }
}

/**
 * Pages of one category listing that change: the page that showed the product and the page that
 * shows it now (one page if it stayed, two at most if it moved). Listing pages are position
 * buckets (lib/catalog/listing-pages.ts): no other product changes page, and the page count, so
 * every page's Previous/Next links, stays as it is (only the worker's rebalance changes it).
 */
function listingPagesTouched(was: Listing | undefined, is: Listing | undefined): number[] {
  return [...new Set([was?.page ?? null, is?.page ?? null].filter((page): page is number => page !== null))];
}

/**
 * The stock rule: a page is purged only when what it shows changes. The product page shows each
 * variant's stock state ("In stock", "Only 3 left", "Sold out"), so it changes when one of those
 * does; a sale that leaves 40 of 50 changes nothing. Cards (listings, and home for a featured
 * product) show "Sold out" only when no variant can be bought, so they change when the product
 * sells out or comes back; the product keeps its place, so only the listing page holding it.
 */
function addStockPaths(paths: Set<string>, placement: ProductPlacement, variants: readonly VariantStockChange[]): void {
  if (!placement.visible) return;
  const shown = (state: StockState) => (state.kind === 'low' ? `low:${state.left}` : state.kind);
  if (variants.every((v) => shown(v.before) === shown(v.after))) return;
  paths.add(productPath(placement.slug));
  const buyable = (side: 'before' | 'after') => variants.some((v) => v[side].kind !== 'sold-out');
  if (buyable('before') === buyable('after')) return;
  if (placement.featured) paths.add(HOME_PATH);
  for (const listing of placement.listings) {
    if (listing.page !== null) paths.add(categoryPath(listing.categorySlug, listing.page));
  }
}

/**
 * Only the present is known (an operator's purge after an outside write): the pages that show the
 * product now, its page, the listing page holding it in each category and home if it is featured,
 * however long its listings are. What an outside write moved is not known here: the operator
 * names those pages (docs/purge.md). A product shoppers cannot see any more was, if its position
 * did not change, on the page its position falls in: that page of each category, and home.
 */
function addCurrentProductPaths(paths: Set<string>, current: ProductPlacement): void {
  paths.add(productPath(current.slug));
  if (!current.visible || current.featured) paths.add(HOME_PATH);
  for (const listing of current.listings) {
    paths.add(categoryPath(listing.categorySlug, listing.page ?? listing.slot));
  }
}
