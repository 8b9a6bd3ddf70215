import { describe, expect, it } from 'vitest';
import { pathsForChange, pathsForChanges, type Listing, type ProductPlacement } from './paths-for-change';

const PAGE = 10; // page size used throughout: indexes 0-9 on page 1, 10-19 on page 2, ...

function placement(overrides: Partial<ProductPlacement> = {}): ProductPlacement {
  return { slug: 'wool-coat', visible: true, featured: false, listings: [], ...overrides };
}

function listing(categorySlug: string, index: number | null, listingSize: number): Listing {
  return { categorySlug, index, listingSize };
}

// What the storefront says of a variant's stock (lib/catalog/stock-state.ts).
const inStock = { kind: 'in-stock' } as const;
const soldOut = { kind: 'sold-out' } as const;
const left = (n: number) => ({ kind: 'low', left: n }) as const;

describe('product changes', () => {
  it('a price change purges the product page and only the listing page that shows it', () => {
    const p = placement({ listings: [listing('outerwear', 13, 35)] });
    expect(pathsForChange({ kind: 'product', before: p, after: p }, PAGE)).toEqual([
      '/categories/outerwear/page/2',
      '/products/wool-coat',
    ]);
  });

  it('uses the canonical URL for page 1', () => {
    const p = placement({ listings: [listing('outerwear', 0, 35)] });
    expect(pathsForChange({ kind: 'product', before: p, after: p }, PAGE)).toContain('/categories/outerwear');
  });

  it('purges every category the product is listed in', () => {
    const p = placement({ listings: [listing('outerwear', 3, 35), listing('sale', 25, 40)] });
    expect(pathsForChange({ kind: 'product', before: p, after: p }, PAGE)).toEqual([
      '/categories/outerwear',
      '/categories/sale/page/3',
      '/products/wool-coat',
    ]);
  });

  it('adds the home page for a featured product', () => {
    const p = placement({ featured: true });
    expect(pathsForChange({ kind: 'product', before: p, after: p }, PAGE)).toEqual(['/', '/products/wool-coat']);
  });

  it('adds the home page when the product stops being featured (home showed it before)', () => {
    const before = placement({ featured: true });
    const after = placement({ featured: false });
    expect(pathsForChange({ kind: 'product', before, after }, PAGE)).toContain('/');
  });

  it('adds the home page when the product becomes featured', () => {
    expect(
      pathsForChange({ kind: 'product', before: placement(), after: placement({ featured: true }) }, PAGE),
    ).toContain('/');
  });

  it('does not purge home for a featured product that is hidden before and after', () => {
    const hidden = placement({ visible: false, featured: true, listings: [listing('outerwear', null, 30)] });
    expect(pathsForChange({ kind: 'product', before: hidden, after: hidden }, PAGE)).toEqual([]);
  });

  it('purges the old and the new product URL when the slug changes', () => {
    const before = placement({ slug: 'old-coat', listings: [listing('outerwear', 2, 5)] });
    const after = placement({ slug: 'new-coat', listings: [listing('outerwear', 2, 5)] });
    expect(pathsForChange({ kind: 'product', before, after }, PAGE)).toEqual([
      '/categories/outerwear',
      '/products/new-coat',
      '/products/old-coat',
    ]);
  });

  it('archiving purges its page, its listing page and every later page (they shift)', () => {
    const before = placement({ listings: [listing('outerwear', 12, 41)] });
    const after = placement({ visible: false, listings: [listing('outerwear', null, 40)] });
    expect(pathsForChange({ kind: 'product', before, after }, PAGE)).toEqual([
      '/categories/outerwear/page/2',
      '/categories/outerwear/page/3',
      '/categories/outerwear/page/4',
      '/categories/outerwear/page/5', // 41 products had 5 pages; the fifth now disappears
      '/products/wool-coat',
    ]);
  });

  it('publishing purges from its new listing page to the new last page', () => {
    const before = placement({ visible: false, listings: [listing('outerwear', null, 20)] });
    const after = placement({ visible: true, listings: [listing('outerwear', 15, 21)] });
    expect(pathsForChange({ kind: 'product', before, after }, PAGE)).toEqual([
      '/categories/outerwear/page/2',
      '/categories/outerwear/page/3', // a third page appears
      '/products/wool-coat',
    ]);
  });

  it('a created product (no before) is purged like a publish', () => {
    const after = placement({ featured: true, listings: [listing('outerwear', 0, 1)] });
    expect(pathsForChange({ kind: 'product', before: null, after }, PAGE)).toEqual([
      '/',
      '/categories/outerwear',
      '/products/wool-coat',
    ]);
  });

  it('a deleted product (no after) purges everything that showed it', () => {
    const before = placement({ featured: true, listings: [listing('outerwear', 9, 10)] });
    expect(pathsForChange({ kind: 'product', before, after: null }, PAGE)).toEqual([
      '/',
      '/categories/outerwear',
      '/products/wool-coat',
    ]);
  });

  it('moving between categories purges both listings from the affected page on', () => {
    const before = placement({ listings: [listing('outerwear', 25, 30)] });
    const after = placement({ listings: [listing('knitwear', 4, 12)] });
    expect(pathsForChange({ kind: 'product', before, after }, PAGE)).toEqual([
      '/categories/knitwear',
      '/categories/knitwear/page/2',
      '/categories/outerwear/page/3',
      '/products/wool-coat',
    ]);
  });

  it('moving within a category purges every page between and after the two places', () => {
    const before = placement({ listings: [listing('outerwear', 31, 35)] });
    const after = placement({ listings: [listing('outerwear', 2, 35)] });
    expect(pathsForChange({ kind: 'product', before, after }, PAGE)).toEqual([
      '/categories/outerwear',
      '/categories/outerwear/page/2',
      '/categories/outerwear/page/3',
      '/categories/outerwear/page/4',
      '/products/wool-coat',
    ]);
  });

  it('moving later within a category purges every page from its old place on', () => {
    const before = placement({ listings: [listing('outerwear', 2, 35)] });
    const after = placement({ listings: [listing('outerwear', 31, 35)] });
    expect(pathsForChange({ kind: 'product', before, after }, PAGE)).toEqual([
      '/categories/outerwear',
      '/categories/outerwear/page/2',
      '/categories/outerwear/page/3',
      '/categories/outerwear/page/4',
      '/products/wool-coat',
    ]);
  });

  it('publishing onto a new last page also purges the old last page (it gains a "Next" link)', () => {
    const before = placement({ visible: false, listings: [listing('outerwear', null, 10)] });
    const after = placement({ listings: [listing('outerwear', 10, 11)] });
    expect(pathsForChange({ kind: 'product', before, after }, PAGE)).toEqual([
      '/categories/outerwear',
      '/categories/outerwear/page/2',
      '/products/wool-coat',
    ]);
  });

  it('archiving the only product of the last page also purges the page before (it loses "Next")', () => {
    const before = placement({ listings: [listing('outerwear', 20, 21)] });
    const after = placement({ visible: false, listings: [listing('outerwear', null, 20)] });
    expect(pathsForChange({ kind: 'product', before, after }, PAGE)).toEqual([
      '/categories/outerwear/page/2',
      '/categories/outerwear/page/3',
      '/products/wool-coat',
    ]);
  });

  it('a listing that grows without changing its page count purges only from the product on', () => {
    const before = placement({ visible: false, listings: [listing('outerwear', null, 24)] });
    const after = placement({ listings: [listing('outerwear', 24, 25)] });
    expect(pathsForChange({ kind: 'product', before, after }, PAGE)).toEqual([
      '/categories/outerwear/page/3',
      '/products/wool-coat',
    ]);
  });

  it('joining a category onto a new last page purges the old last page too', () => {
    const before = placement({ listings: [] });
    const after = placement({ listings: [listing('knitwear', 10, 11)] }); // knitwear had 10: one page
    expect(pathsForChange({ kind: 'product', before, after }, PAGE)).toEqual([
      '/categories/knitwear',
      '/categories/knitwear/page/2',
      '/products/wool-coat',
    ]);
  });

  it('a draft edited as a draft purges nothing: no page shows it', () => {
    const draft = placement({ visible: false, listings: [listing('outerwear', null, 30)] });
    expect(pathsForChange({ kind: 'product', before: draft, after: draft }, PAGE)).toEqual([]);
  });

  it('returns sorted paths without duplicates', () => {
    const p = placement({ featured: true, listings: [listing('b', 0, 1), listing('a', 0, 1)] });
    const paths = pathsForChange({ kind: 'product', before: p, after: p }, PAGE);
    expect(paths).toEqual([...new Set(paths)].sort());
  });
});

describe('product-current (previous state unknown)', () => {
  it('purges the pages that show it now: its page and the one listing page holding it, however long the listing', () => {
    const current = placement({ listings: [listing('outerwear', 2_345, 5_000), listing('sale', 3, 20)] });
    expect(pathsForChange({ kind: 'product-current', current }, PAGE)).toEqual([
      '/categories/outerwear/page/235',
      '/categories/sale',
      '/products/wool-coat',
    ]);
  });

  it('adds home when it is featured', () => {
    const current = placement({ featured: true, listings: [listing('outerwear', 3, 20)] });
    expect(pathsForChange({ kind: 'product-current', current }, PAGE)).toEqual([
      '/',
      '/categories/outerwear',
      '/products/wool-coat',
    ]);
  });

  it('for a product no longer shown, purges every page it may have been on: home and each of its listings, plus one page past the end', () => {
    const current = placement({ visible: false, listings: [listing('outerwear', null, 20)] });
    expect(pathsForChange({ kind: 'product-current', current }, PAGE)).toEqual([
      '/',
      '/categories/outerwear',
      '/categories/outerwear/page/2',
      '/categories/outerwear/page/3', // 20 now; if it was 21 a moment ago, page 3 existed
      '/products/wool-coat',
    ]);
  });
});

describe('stock changes: purged only when what the pages show changes', () => {
  const listed = placement({ featured: true, listings: [listing('outerwear', 13, 35), listing('sale', 2, 8)] });

  it('a sale that leaves the variant in stock (40 of 50) regenerates nothing', () => {
    const change = {
      kind: 'stock' as const,
      placement: listed,
      variants: [{ variantId: 1, before: inStock, after: inStock }],
    };
    expect(pathsForChange(change, PAGE)).toEqual([]);
  });

  it('selling the last unit of the last variant purges the product page, the listing page holding it and home', () => {
    const change = {
      kind: 'stock' as const,
      placement: listed,
      variants: [
        { variantId: 1, before: left(1), after: soldOut },
        { variantId: 2, before: soldOut, after: soldOut },
      ],
    };
    expect(pathsForChange(change, PAGE)).toEqual([
      '/',
      '/categories/outerwear/page/2',
      '/categories/sale',
      '/products/wool-coat',
    ]);
  });

  it('a restock of a sold-out product purges the same pages', () => {
    const change = {
      kind: 'stock' as const,
      placement: listed,
      variants: [{ variantId: 1, before: soldOut, after: inStock }],
    };
    expect(pathsForChange(change, PAGE)).toHaveLength(4);
  });

  it('a change of the "Only N left" count purges the product page only', () => {
    const change = {
      kind: 'stock' as const,
      placement: listed,
      variants: [{ variantId: 1, before: left(5), after: left(4) }],
    };
    expect(pathsForChange(change, PAGE)).toEqual(['/products/wool-coat']);
  });

  it('one variant selling out while another can still be bought purges the product page only', () => {
    const change = {
      kind: 'stock' as const,
      placement: listed,
      variants: [
        { variantId: 1, before: left(1), after: soldOut },
        { variantId: 2, before: inStock, after: inStock },
      ],
    };
    expect(pathsForChange(change, PAGE)).toEqual(['/products/wool-coat']);
  });

  it('crossing into "Only N left" purges the product page only', () => {
    const change = {
      kind: 'stock' as const,
      placement: listed,
      variants: [{ variantId: 1, before: inStock, after: left(5) }],
    };
    expect(pathsForChange(change, PAGE)).toEqual(['/products/wool-coat']);
  });

  it('a hidden product purges nothing whatever its stock does', () => {
    const hidden = placement({ visible: false, listings: [listing('outerwear', null, 30)] });
    const change = {
      kind: 'stock' as const,
      placement: hidden,
      variants: [{ variantId: 1, before: left(1), after: soldOut }],
    };
    expect(pathsForChange(change, PAGE)).toEqual([]);
  });
});

describe('the documents built from the pages: the product feed and the sitemap', () => {
  const listed = placement({ listings: [listing('outerwear', 3, 35)] });

  it('a price change rebuilds the feed and the sitemap with the pages', () => {
    expect(pathsForChanges([{ kind: 'product', before: listed, after: listed }], [], PAGE)).toEqual([
      '/categories/outerwear',
      '/feeds/google.xml',
      '/products/wool-coat',
      '/sitemap.xml',
    ]);
  });

  it('a product no page shows touches neither document', () => {
    const draft = placement({ visible: false });
    expect(pathsForChanges([{ kind: 'product', before: draft, after: draft }], [], PAGE)).toEqual([]);
  });

  it('a count change ("Only 5 left" to "Only 4 left") moves the sitemap but not the feed, which says only in_stock', () => {
    const change = {
      kind: 'stock' as const,
      placement: listed,
      variants: [{ variantId: 1, before: left(5), after: left(4) }],
    };
    expect(pathsForChanges([change], [], PAGE)).toEqual(['/products/wool-coat', '/sitemap.xml']);
  });

  it('a variant selling out rebuilds the feed (out_of_stock), even while another can be bought', () => {
    const change = {
      kind: 'stock' as const,
      placement: listed,
      variants: [
        { variantId: 1, before: left(1), after: soldOut },
        { variantId: 2, before: inStock, after: inStock },
      ],
    };
    expect(pathsForChanges([change], [], PAGE)).toEqual(['/feeds/google.xml', '/products/wool-coat', '/sitemap.xml']);
  });

  it('a stock change no page shows touches nothing', () => {
    const change = {
      kind: 'stock' as const,
      placement: listed,
      variants: [{ variantId: 1, before: inStock, after: inStock }],
    };
    expect(pathsForChanges([change], [], PAGE)).toEqual([]);
  });

  it("an operator's purge of a product page rebuilds the feed and the sitemap; of home, only the sitemap", () => {
    expect(pathsForChanges([], ['/products/wool-coat'], PAGE)).toEqual([
      '/feeds/google.xml',
      '/products/wool-coat',
      '/sitemap.xml',
    ]);
    expect(pathsForChanges([], ['/'], PAGE)).toEqual(['/', '/sitemap.xml']);
  });

  it('a purge of the feed alone is only the feed', () => {
    expect(pathsForChanges([], ['/feeds/google.xml'], PAGE)).toEqual(['/feeds/google.xml']);
  });

  it('without the previous state (a product named by an operator) the feed is rebuilt', () => {
    expect(pathsForChanges([{ kind: 'product-current', current: listed }], [], PAGE)).toContain('/feeds/google.xml');
  });
});
