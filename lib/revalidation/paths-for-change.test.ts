import { describe, expect, it } from 'vitest';
import { pathsForChange, pathsForChanges, type Listing, type ProductPlacement } from './paths-for-change';

function placement(overrides: Partial<ProductPlacement> = {}): ProductPlacement {
  return { id: 7, slug: 'wool-coat', visible: true, featured: false, listings: [], ...overrides };
}

const CATEGORY_IDS: Record<string, number> = { outerwear: 1, knitwear: 2, sale: 3, a: 4, b: 5 };

/** A listing showing the product on `page` (its position falls there) of a listing of `pageCount` pages. */
function shown(categorySlug: string, page: number, pageCount = 5): Listing {
  return { categoryId: CATEGORY_IDS[categorySlug] ?? 0, categorySlug, page, slot: page, pageCount };
}

/** A listing the product is in but not shown on (it is not active); its position falls on `slot`. */
function unshown(categorySlug: string, slot: number, pageCount = 5): Listing {
  return { categoryId: CATEGORY_IDS[categorySlug] ?? 0, categorySlug, page: null, slot, pageCount };
}

// What the storefront says of a variant's stock (lib/catalog/stock-state.ts).
const inStock = { kind: 'in-stock' } as const;
const soldOut = { kind: 'sold-out' } as const;
const left = (n: number) => ({ kind: 'low', left: n }) as const;

describe('product changes', () => {
  it('a price change purges the product page and only the listing page that shows it', () => {
    const p = placement({ listings: [shown('outerwear', 2)] });
    expect(pathsForChange({ kind: 'product', before: p, after: p })).toEqual([
      '/categories/outerwear/page/2',
      '/products/wool-coat',
    ]);
  });

  it('uses the canonical URL for page 1', () => {
    const p = placement({ listings: [shown('outerwear', 1)] });
    expect(pathsForChange({ kind: 'product', before: p, after: p })).toContain('/categories/outerwear');
  });

  it('purges every category the product is listed in', () => {
    const p = placement({ listings: [shown('outerwear', 1), shown('sale', 3)] });
    expect(pathsForChange({ kind: 'product', before: p, after: p })).toEqual([
      '/categories/outerwear',
      '/categories/sale/page/3',
      '/products/wool-coat',
    ]);
  });

  it('adds the home page for a featured product', () => {
    const p = placement({ featured: true });
    expect(pathsForChange({ kind: 'product', before: p, after: p })).toEqual(['/', '/products/wool-coat']);
  });

  it('adds the home page when the product stops being featured (home showed it before)', () => {
    const before = placement({ featured: true });
    const after = placement({ featured: false });
    expect(pathsForChange({ kind: 'product', before, after })).toContain('/');
  });

  it('adds the home page when the product becomes featured', () => {
    expect(pathsForChange({ kind: 'product', before: placement(), after: placement({ featured: true }) })).toContain(
      '/',
    );
  });

  it('does not purge home for a featured product that is hidden before and after', () => {
    const hidden = placement({ visible: false, featured: true, listings: [unshown('outerwear', 1)] });
    expect(pathsForChange({ kind: 'product', before: hidden, after: hidden })).toEqual([]);
  });

  it('purges the old and the new product URL when the slug changes', () => {
    const before = placement({ slug: 'old-coat', listings: [shown('outerwear', 1)] });
    const after = placement({ slug: 'new-coat', listings: [shown('outerwear', 1)] });
    expect(pathsForChange({ kind: 'product', before, after })).toEqual([
      '/categories/outerwear',
      '/products/new-coat',
      '/products/old-coat',
    ]);
  });

  it('archiving purges its page and only the listing page that showed it: no other product shifts', () => {
    const before = placement({ listings: [shown('outerwear', 2, 210)] });
    const after = placement({ visible: false, listings: [unshown('outerwear', 2, 210)] });
    expect(pathsForChange({ kind: 'product', before, after })).toEqual([
      '/categories/outerwear/page/2',
      '/products/wool-coat',
    ]);
  });

  it('publishing purges only the page its position falls in, however long the listing', () => {
    const before = placement({ visible: false, listings: [unshown('outerwear', 150, 210)] });
    const after = placement({ visible: true, listings: [shown('outerwear', 150, 210)] });
    expect(pathsForChange({ kind: 'product', before, after })).toEqual([
      '/categories/outerwear/page/150',
      '/products/wool-coat',
    ]);
  });

  it('a created product (no before) purges the page it lands on: new products land on the last page', () => {
    const after = placement({ featured: true, listings: [shown('outerwear', 210, 210)] });
    expect(pathsForChange({ kind: 'product', before: null, after })).toEqual([
      '/',
      '/categories/outerwear/page/210',
      '/products/wool-coat',
    ]);
  });

  it('a deleted product (no after) purges everything that showed it', () => {
    const before = placement({ featured: true, listings: [shown('outerwear', 1)] });
    expect(pathsForChange({ kind: 'product', before, after: null })).toEqual([
      '/',
      '/categories/outerwear',
      '/products/wool-coat',
    ]);
  });

  it('moving between categories purges the page it left and the page it joined', () => {
    const before = placement({ listings: [shown('outerwear', 3)] });
    const after = placement({ listings: [shown('knitwear', 2)] });
    expect(pathsForChange({ kind: 'product', before, after })).toEqual([
      '/categories/knitwear/page/2',
      '/categories/outerwear/page/3',
      '/products/wool-coat',
    ]);
  });

  it('moving to the front of a 210-page category purges its old page and page 1, nothing between', () => {
    const before = placement({ listings: [shown('outerwear', 180, 210)] });
    const after = placement({ listings: [shown('outerwear', 1, 210)] });
    expect(pathsForChange({ kind: 'product', before, after })).toEqual([
      '/categories/outerwear',
      '/categories/outerwear/page/180',
      '/products/wool-coat',
    ]);
  });

  it('enter, leave, move and status changes touch at most 3 listing pages per category (2 in fact)', () => {
    const sides = [
      undefined,
      shown('outerwear', 1),
      shown('outerwear', 7),
      unshown('outerwear', 4),
      unshown('outerwear', 9),
    ];
    for (const was of sides) {
      for (const is of sides) {
        const before = placement({ listings: was ? [was] : [] });
        const after = placement({ visible: is?.page !== null, listings: is ? [is] : [] });
        const listings = pathsForChange({ kind: 'product', before, after }).filter((p) => p.startsWith('/categories/'));
        expect(listings.length).toBeLessThanOrEqual(2);
      }
    }
  });

  it('a draft edited as a draft purges nothing: no page shows it', () => {
    const draft = placement({ visible: false, listings: [unshown('outerwear', 1)] });
    expect(pathsForChange({ kind: 'product', before: draft, after: draft })).toEqual([]);
  });

  it('returns sorted paths without duplicates', () => {
    const p = placement({ featured: true, listings: [shown('b', 1), shown('a', 1)] });
    const paths = pathsForChange({ kind: 'product', before: p, after: p });
    expect(paths).toEqual([...new Set(paths)].sort());
  });
});

describe('product-current (previous state unknown)', () => {
  it('purges the pages that show it now: its page and the one listing page holding it, however long the listing', () => {
    const current = placement({ listings: [shown('outerwear', 235), shown('sale', 1)] });
    expect(pathsForChange({ kind: 'product-current', current })).toEqual([
      '/categories/outerwear/page/235',
      '/categories/sale',
      '/products/wool-coat',
    ]);
  });

  it('adds home when it is featured', () => {
    const current = placement({ featured: true, listings: [shown('outerwear', 1)] });
    expect(pathsForChange({ kind: 'product-current', current })).toEqual([
      '/',
      '/categories/outerwear',
      '/products/wool-coat',
    ]);
  });

  it('for a product no longer shown, purges home and the page its position falls in of each listing (it was there if it did not move)', () => {
    const current = placement({ visible: false, listings: [unshown('outerwear', 37, 210)] });
    expect(pathsForChange({ kind: 'product-current', current })).toEqual([
      '/',
      '/categories/outerwear/page/37',
      '/products/wool-coat',
    ]);
  });
});

describe('stock changes: purged only when what the pages show changes', () => {
  const listed = placement({ featured: true, listings: [shown('outerwear', 2), shown('sale', 1)] });

  it('a sale that leaves the variant in stock (40 of 50) regenerates nothing', () => {
    const change = {
      kind: 'stock' as const,
      placement: listed,
      variants: [{ variantId: 1, before: inStock, after: inStock }],
    };
    expect(pathsForChange(change)).toEqual([]);
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
    expect(pathsForChange(change)).toEqual([
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
    expect(pathsForChange(change)).toHaveLength(4);
  });

  it('a change of the "Only N left" count purges the product page only', () => {
    const change = {
      kind: 'stock' as const,
      placement: listed,
      variants: [{ variantId: 1, before: left(5), after: left(4) }],
    };
    expect(pathsForChange(change)).toEqual(['/products/wool-coat']);
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
    expect(pathsForChange(change)).toEqual(['/products/wool-coat']);
  });

  it('crossing into "Only N left" purges the product page only', () => {
    const change = {
      kind: 'stock' as const,
      placement: listed,
      variants: [{ variantId: 1, before: inStock, after: left(5) }],
    };
    expect(pathsForChange(change)).toEqual(['/products/wool-coat']);
  });

  it('a hidden product purges nothing whatever its stock does', () => {
    const hidden = placement({ visible: false, listings: [unshown('outerwear', 1)] });
    const change = {
      kind: 'stock' as const,
      placement: hidden,
      variants: [{ variantId: 1, before: left(1), after: soldOut }],
    };
    expect(pathsForChange(change)).toEqual([]);
  });
});

describe('the documents built from the pages: the product feed and the sitemap', () => {
  const listed = placement({ listings: [shown('outerwear', 1)] });

  it("a price change rebuilds the product's piece of the feed and the sitemap with the pages", () => {
    expect(pathsForChanges([{ kind: 'product', before: listed, after: listed }], [])).toEqual([
      '/categories/outerwear',
      '/feeds/google.xml/pieces-50/0',
      '/products/wool-coat',
      '/sitemap.xml/pieces-250/categories/1',
      '/sitemap.xml/pieces-250/products/0',
    ]);
  });

  it('a product no page shows touches neither document', () => {
    const draft = placement({ visible: false });
    expect(pathsForChanges([{ kind: 'product', before: draft, after: draft }], [])).toEqual([]);
  });

  it('a count change ("Only 5 left" to "Only 4 left") moves the sitemap\'s product piece but not the feed, which says only in_stock', () => {
    const change = {
      kind: 'stock' as const,
      placement: listed,
      variants: [{ variantId: 1, before: left(5), after: left(4) }],
    };
    expect(pathsForChanges([change], [])).toEqual(['/products/wool-coat', '/sitemap.xml/pieces-250/products/0']);
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
    expect(pathsForChanges([change], [])).toEqual([
      '/feeds/google.xml/pieces-50/0',
      '/products/wool-coat',
      '/sitemap.xml/pieces-250/products/0',
    ]);
  });

  it('a stock change no page shows touches nothing', () => {
    const change = {
      kind: 'stock' as const,
      placement: listed,
      variants: [{ variantId: 1, before: inStock, after: inStock }],
    };
    expect(pathsForChanges([change], [])).toEqual([]);
  });

  it("an operator's purge of a product page rebuilds the feed and the sitemap; of home, only the sitemap", () => {
    expect(pathsForChanges([], ['/products/wool-coat'])).toEqual([
      '/feeds/google.xml',
      '/products/wool-coat',
      '/sitemap.xml',
    ]);
    expect(pathsForChanges([], ['/'])).toEqual(['/', '/sitemap.xml']);
  });

  it('a purge of the feed alone is only the feed', () => {
    expect(pathsForChanges([], ['/feeds/google.xml'])).toEqual(['/feeds/google.xml']);
  });

  it("without the previous state (a product named by an operator) the product's piece of the feed is rebuilt", () => {
    expect(pathsForChanges([{ kind: 'product-current', current: listed }], [])).toContain(
      '/feeds/google.xml/pieces-50/0',
    );
  });

  it("a featured product selling out rebuilds the pieces holding home and its listing pages, not other categories'", () => {
    const featured = placement({ featured: true, listings: [shown('outerwear', 2), shown('sale', 1)] });
    const change = {
      kind: 'stock' as const,
      placement: featured,
      variants: [{ variantId: 1, before: left(1), after: soldOut }],
    };
    expect(pathsForChanges([change], []).filter((path) => path.startsWith('/sitemap.xml'))).toEqual([
      '/sitemap.xml/pieces-250/categories/1',
      '/sitemap.xml/pieces-250/categories/3',
      '/sitemap.xml/pieces-250/home',
      '/sitemap.xml/pieces-250/products/0',
    ]);
  });

  it('a product moving between categories rebuilds the piece of the one it left and the one it entered', () => {
    const before = placement({ listings: [shown('outerwear', 1)] });
    const after = placement({ listings: [shown('knitwear', 4)] });
    expect(
      pathsForChanges([{ kind: 'product', before, after }], []).filter((path) =>
        path.startsWith('/sitemap.xml/pieces-250/categories'),
      ),
    ).toEqual(['/sitemap.xml/pieces-250/categories/1', '/sitemap.xml/pieces-250/categories/2']);
  });

  it('products in different pieces of ids rebuild each piece once, and only those', () => {
    const at = (id: number, slug: string) => placement({ id, slug, listings: [shown('outerwear', 1)] });
    // Feed pieces hold 50 ids, the sitemap's 250.
    const changes = [49, 249, 250, 251, 100_000].map((id, i) => ({
      kind: 'product' as const,
      before: at(id, `p${i}`),
      after: at(id, `p${i}`),
    }));
    expect(pathsForChanges(changes, []).filter((path) => path.startsWith('/feeds/'))).toEqual([
      '/feeds/google.xml/pieces-50/0',
      '/feeds/google.xml/pieces-50/2000',
      '/feeds/google.xml/pieces-50/4',
      '/feeds/google.xml/pieces-50/5',
    ]);
    expect(pathsForChanges(changes, []).filter((path) => path.startsWith('/sitemap.xml/pieces-250/products'))).toEqual([
      '/sitemap.xml/pieces-250/products/0',
      '/sitemap.xml/pieces-250/products/1',
      '/sitemap.xml/pieces-250/products/400',
    ]);
  });

  it('every page a change purges has the sitemap piece holding it queued with it', () => {
    const listedIn = placement({ featured: true, listings: [shown('outerwear', 2), shown('sale', 1)] });
    const moved = placement({ slug: 'wool-coat-2', listings: [shown('knitwear', 3)] });
    const hidden = placement({ visible: false, listings: [unshown('outerwear', 4)] });
    const changes = [
      { kind: 'product' as const, before: null, after: listedIn }, // created
      { kind: 'product' as const, before: listedIn, after: null }, // deleted
      { kind: 'product' as const, before: listedIn, after: moved }, // renamed, moved category
      { kind: 'product' as const, before: listedIn, after: hidden }, // archived
      { kind: 'product-current' as const, current: listedIn },
      { kind: 'product-current' as const, current: hidden },
      { kind: 'stock' as const, placement: listedIn, variants: [{ variantId: 1, before: left(1), after: soldOut }] },
      { kind: 'listing' as const, categoryId: 4, categorySlug: 'a', pages: [2, 3] },
    ];
    const pieceOfPage = (path: string): string => {
      if (path === '/') return '/sitemap.xml/pieces-250/home';
      if (path.startsWith('/products/')) return '/sitemap.xml/pieces-250/products/0'; // every fixture is product 7
      const slug = /^\/categories\/([^/]+)/.exec(path)?.[1] ?? '';
      return `/sitemap.xml/pieces-250/categories/${CATEGORY_IDS[slug]}`;
    };
    for (const change of changes) {
      const paths = pathsForChanges([change], []);
      const pages = paths.filter((path) => !path.startsWith('/sitemap.xml') && !path.startsWith('/feeds/'));
      expect(pages.length, JSON.stringify(change)).toBeGreaterThan(0);
      const pieces = paths.filter((path) => path.startsWith('/sitemap.xml/pieces-250/'));
      expect(pieces, JSON.stringify(change)).toEqual([...new Set(pages.map(pieceOfPage))].sort());
      expect(paths).not.toContain('/sitemap.xml'); // never the whole sitemap for a change it knows
    }
  });
});
