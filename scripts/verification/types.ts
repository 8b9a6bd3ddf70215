/** What the price-consistency check compares: the database's view, the page's view, and what differs. */
import type { Money } from '../../lib/money/money';

export type ProductStatus = 'ACTIVE' | 'DRAFT' | 'ARCHIVED';

export interface ExpectedVariant {
  sku: string;
  price: Money;
  compareAtPrice: Money | null;
  /** Whether shoppers can buy it (the feed's in_stock / out_of_stock). */
  inStock: boolean;
  /** Whether it has a picture, its own or the product's (the feed leaves out variants without one). */
  pictured: boolean;
}

export interface ExpectedProduct {
  slug: string;
  status: ProductStatus;
  featured: boolean;
  /** Slugs of the categories whose listings show the product (when it is ACTIVE). */
  categorySlugs: string[];
  /**
   * By category slug, the path of the listing page that must show it: the page its position
   * falls in (listing pages are position buckets, lib/catalog/listing-pages.ts). Unset: not checked.
   */
  listingPages?: Record<string, string>;
  /** In the order the product page lists them (by position). */
  variants: ExpectedVariant[];
}

/** The catalog as the database has it, for the pages in scope. */
export interface CatalogSnapshot {
  /** Category slugs whose listings are crawled. */
  categories: string[];
  /** Every product the crawled listings may show, and whose page is checked, whatever its status. */
  products: ExpectedProduct[];
  /** Whether the home page (featured products) is checked too. */
  includeHome: boolean;
  /** Only these products' pages are fetched (the listings still check every card); unset: all. */
  productPages?: string[];
}

/** A price on a page, read from its data attributes; null when the attributes are missing or malformed. */
export type ShownMoney = Money | null;

export interface ShownCard {
  slug: string;
  price: ShownMoney;
  compareAtPrice: ShownMoney;
}

export interface ShownVariant {
  sku: string;
  price: ShownMoney;
  compareAtPrice: ShownMoney;
}

export interface ShownOffer {
  sku: string;
  price: string;
  currency: string;
}

export interface ShownProductPage {
  variants: ShownVariant[];
  /** The variant the option picker shows as chosen (`data-chosen-sku`); null on a page without one. */
  chosen: ShownVariant | null;
  /** JSON-LD offers; null when the page has no readable Product JSON-LD. */
  offers: ShownOffer[] | null;
}

export type MismatchKind =
  | 'card-price'
  | 'card-compare-at'
  | 'variant-price'
  | 'variant-compare-at'
  | 'json-ld-offer'
  | 'missing-variant'
  | 'unexpected-variant'
  | 'missing-from-listing'
  | 'duplicate-on-listing'
  | 'unexpected-on-listing'
  | 'wrong-listing-page'
  | 'stale-page'
  | 'feed-price'
  | 'missing-from-feed'
  | 'unexpected-in-feed'
  | 'feed-availability'
  | 'feed-link'
  | 'page-error';

/** One difference between a page and the database. */
export interface Mismatch {
  kind: MismatchKind;
  /** Path of the page that shows it (for a listing, its first page when the product is missing). */
  page: string;
  product?: string;
  sku?: string;
  expected: string;
  shown: string;
}

/** What one check found, and how many prices it compared. */
export interface CheckResult {
  mismatches: Mismatch[];
  pricesChecked: number;
}

export interface VerificationReport {
  baseUrl: string;
  pagesChecked: number;
  pricesChecked: number;
  durationMs: number;
  mismatches: Mismatch[];
}

export interface FetchedPage {
  status: number;
  html: string;
}

/** Fetches one storefront path; injectable so tests can serve fixtures. */
export type PageFetcher = (path: string) => Promise<FetchedPage>;
