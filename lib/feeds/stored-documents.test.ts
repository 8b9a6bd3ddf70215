import { XMLParser } from 'fast-xml-parser';
import type { NextApiResponse } from 'next';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getProductForEdit } from '../catalog/product-for-edit';
import { updateProduct } from '../catalog/update-product';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import { getDb } from '../db';
import { regeneratorFor } from '../http/regenerator';
import {
  FEED_BUILT_PATH,
  FEED_PATH,
  FEED_PIECE_PREFIX,
  isDocumentPath,
  feedPieceOf,
  SITEMAP_PIECE_PRODUCTS,
  sitemapProductPieceOf,
  feedPiecePath,
  SITEMAP_BUILT_PATH,
  SITEMAP_PATH,
  SITEMAP_PIECE_PREFIX,
  sitemapPiecePath,
} from '../storefront/paths';
import { buildGoogleFeed } from './google-feed';
import { readStoredDocument, rebuildStoredDocument, storeDocumentFamily } from './stored-documents';
import { productFormOf } from '../../testing/product-form';

const PREFIX = `sdoc-${Date.now().toString(36)}`;
const SITEMAP_MARK = SITEMAP_BUILT_PATH;
const ORIGIN = 'https://shop.test';
const SKU = `${PREFIX}-MUG`;
const FAR_SKU = `${PREFIX}-FAR`;
let mugId = 0;
let farId = 0;

beforeAll(async () => {
  const mug = await getDb().product.create({
    data: {
      slug: `${PREFIX}-mug`,
      title: 'Stored mug',
      status: 'ACTIVE',
      images: { create: { url: '/images/mug.svg', alt: 'Mug', width: 800, height: 800 } },
      variants: { create: { sku: SKU, title: 'Default', price: 1500, currency: 'USD', stock: 9 } },
    },
  });
  mugId = mug.id;
  // Far along the ids, so in another piece of the feed (the sequence never gets there in a test run).
  farId = mugId + 4_000 * SITEMAP_PIECE_PRODUCTS;
  await getDb().product.create({
    data: {
      id: farId,
      slug: `${PREFIX}-far`,
      title: 'Far mug',
      status: 'ACTIVE',
      images: { create: { url: '/images/mug.svg', alt: 'Mug', width: 800, height: 800 } },
      variants: { create: { sku: FAR_SKU, title: 'Default', price: 3000, currency: 'USD', stock: 9 } },
    },
  });
});

beforeEach(async () => {
  await getDb().storedDocument.deleteMany();
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

async function feedPriceOf(sku: string): Promise<string | undefined> {
  const feed = await readStoredDocument(FEED_PATH, ORIGIN);
  const items = [
    (new XMLParser({ parseTagValue: false }).parse(feed!.body) as { rss: { channel: { item: object[] } } }).rss.channel
      .item,
  ].flat() as Record<string, string>[];
  return items.find((item) => item['g:id'] === sku)?.['g:price'];
}

describe('stored documents', () => {
  it('the first request builds the feed, and its links name the address it is served at', async () => {
    const feed = await readStoredDocument(FEED_PATH, ORIGIN);
    expect(feed?.contentType).toBe('application/xml; charset=utf-8');
    expect(feed?.body).toContain(`<g:link>${ORIGIN}/products/${PREFIX}-mug</g:link>`);
    expect(feed?.body).not.toContain('shop-origin.invalid');
    expect((await readStoredDocument(FEED_PATH, 'http://other.test'))?.body).toContain(
      `<g:link>http://other.test/products/${PREFIX}-mug</g:link>`,
    );
  });

  it('is served as stored until the purge rebuilds it: a price is new only after the rebuild', async () => {
    expect(await feedPriceOf(SKU)).toBe('15.00 USD');
    await getDb().variant.update({ where: { sku: SKU }, data: { price: 1700 } });
    expect(await feedPriceOf(SKU)).toBe('15.00 USD');
    await rebuildStoredDocument(FEED_PATH);
    expect(await feedPriceOf(SKU)).toBe('17.00 USD');
  });

  it('of two builds of a piece that overlap, the one that began reading later wins, whichever finishes last', async () => {
    const piece = feedPiecePath(feedPieceOf(mugId));
    await readStoredDocument(FEED_PATH, ORIGIN); // every piece built once
    const earlier = new Date(Date.now() - 60_000);
    const later = new Date();
    expect(await storeDocumentFamily(piece, new Map([[piece, '<item>later</item>']]), later)).toBe(true);
    expect(await storeDocumentFamily(piece, new Map([[piece, '<item>earlier</item>']]), earlier)).toBe(false);
    const body = (await readStoredDocument(FEED_PATH, ORIGIN))?.body;
    expect(body).toContain('<item>later</item>');
    expect(body).not.toContain('<item>earlier</item>');
  });

  it("a product's change rebuilds its own piece of the feed, and no other piece", async () => {
    await readStoredDocument(FEED_PATH, ORIGIN);
    const builtAt = async (path: string) =>
      (await getDb().storedDocument.findUniqueOrThrow({ where: { path } })).builtAt.getTime();
    const [mugPiece, farPiece] = [feedPiecePath(feedPieceOf(mugId)), feedPiecePath(feedPieceOf(farId))];
    expect(mugPiece).not.toBe(farPiece);
    const farBuilt = await builtAt(farPiece);
    await getDb().variant.update({ where: { sku: SKU }, data: { price: 1900 } });
    await rebuildStoredDocument(mugPiece);
    expect(await feedPriceOf(SKU)).toBe('19.00 USD');
    expect(await feedPriceOf(FAR_SKU)).toBe('30.00 USD');
    expect(await builtAt(farPiece)).toBe(farBuilt);
  });

  it('puts the feed together again only when a piece changed; requests at once share one assembly', async () => {
    await readStoredDocument(FEED_PATH, ORIGIN);
    const reads = vi.spyOn(getDb().storedDocument, 'findMany');
    try {
      const [a, b] = await Promise.all([
        readStoredDocument(FEED_PATH, ORIGIN),
        readStoredDocument(FEED_PATH, 'http://other.test'),
      ]);
      expect(reads).not.toHaveBeenCalled();
      expect(b?.body).toBe(a?.body.replaceAll(ORIGIN, 'http://other.test'));
      await getDb().variant.update({ where: { sku: SKU }, data: { price: 2100 } });
      await rebuildStoredDocument(feedPiecePath(feedPieceOf(mugId)));
      reads.mockClear();
      const after = await Promise.all([feedPriceOf(SKU), feedPriceOf(SKU)]);
      expect(after).toEqual(['21.00 USD', '21.00 USD']);
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('the feed put together from its pieces is the feed built in one go', async () => {
    await rebuildStoredDocument(FEED_PATH);
    const stored = (await readStoredDocument(FEED_PATH, ORIGIN))!.body;
    const whole = await buildGoogleFeed(ORIGIN);
    // Other test files change other products meanwhile: compare the head and this file's items.
    const mine = (feed: string) => feed.split('\n').filter((line) => line.includes(`<g:id>${PREFIX}-`));
    expect(stored.split('\n').slice(0, 6)).toEqual(whole.split('\n').slice(0, 6));
    expect(mine(stored)).toEqual(mine(whole));
    expect(mine(stored)).toHaveLength(2);
    expect(stored.endsWith('</channel>\n</rss>\n')).toBe(true);
  });

  it('a request for a file of a sitemap never built builds nothing; /sitemap.xml builds every piece on its first request', async () => {
    expect(await readStoredDocument('/sitemaps/1.xml', ORIGIN)).toBeNull();
    expect(await getDb().storedDocument.count()).toBe(0);
    expect((await readStoredDocument(SITEMAP_PATH, ORIGIN))?.body).toContain('<urlset');
    const stored = (await getDb().storedDocument.findMany({ select: { path: true } })).map((row) => row.path);
    expect(stored).toContain(SITEMAP_MARK);
    expect(stored).toContain(sitemapPiecePath({ kind: 'home' }));
    expect(stored).toContain(sitemapPiecePath({ kind: 'products', piece: sitemapProductPieceOf(mugId) }));
    expect(stored.filter((path) => path !== SITEMAP_MARK && !path.startsWith(SITEMAP_PIECE_PREFIX))).toEqual([]);
    expect(await readStoredDocument('/sitemaps/1.xml', ORIGIN)).toBeNull(); // one file: no index
  });

  it("an earlier release's whole sitemap and its files are rebuilt as pieces on the first request, and the files dropped", async () => {
    const old = { contentType: 'application/xml; charset=utf-8', builtAt: new Date() };
    await getDb().storedDocument.createMany({
      data: [
        { path: SITEMAP_PATH, body: '<sitemapindex>old</sitemapindex>', ...old },
        { path: '/sitemaps/2.xml', body: '<urlset>old</urlset>', ...old },
      ],
    });
    expect((await readStoredDocument(SITEMAP_PATH, ORIGIN))?.body).toContain(
      `<loc>${ORIGIN}/products/${PREFIX}-mug</loc>`,
    );
    const paths = (await getDb().storedDocument.findMany({ select: { path: true } })).map((row) => row.path);
    // Nothing is left at /sitemap.xml itself: an instance still on the earlier release finds no
    // row there and builds its own, instead of serving an empty one.
    expect(paths.filter((path) => !path.startsWith(SITEMAP_PIECE_PREFIX))).toEqual([SITEMAP_MARK]);
    expect(await readStoredDocument('/sitemaps/2.xml', ORIGIN)).toBeNull();
  });

  it('a change through the road rebuilds only the pieces it queues, and the sitemap served is then the sitemap rebuilt whole', async () => {
    const db = getDb();
    const category = await db.category.create({ data: { slug: `${PREFIX}-road`, name: 'Road' } });
    const product = await db.product.create({
      data: {
        slug: `${PREFIX}-road-1`,
        title: 'Road product',
        status: 'ACTIVE',
        featured: true,
        variants: { create: { sku: `${PREFIX}-ROAD`, title: 'Default', price: 1000, currency: 'USD', stock: 5 } },
        categories: { create: { categoryId: category.id, position: 10 } },
      },
    });
    await rebuildStoredDocument(SITEMAP_PATH);
    const mine = (body: string) => body.split('\n').filter((line) => line.includes(`/${PREFIX}-road`));
    const before = (await readStoredDocument(SITEMAP_PATH, ORIGIN))!.body;
    // Home first, then the listings, then the products.
    expect(/<loc>([^<]+)<\/loc>/.exec(before)?.[1]).toBe(`${ORIGIN}/`);
    expect(mine(before).map((line) => /<loc>[^<]+(\/(?:categories|products)\/)/.exec(line)?.[1])).toEqual([
      '/categories/',
      '/products/',
    ]);

    // Archived: its page leaves the sitemap; its listing page and home (it was featured) move.
    const form = productFormOf((await getProductForEdit(product.id))!, { status: 'ARCHIVED' });
    const { paths } = await commitCatalogChange({ source: 'ADMIN', actor: 'documents@shop.test' }, (scope) =>
      updateProduct(scope, product.id, form),
    );
    expect(paths).not.toContain(SITEMAP_PATH);
    for (const path of paths.filter(isDocumentPath)) await rebuildStoredDocument(path);
    const served = (await readStoredDocument(SITEMAP_PATH, ORIGIN))!.body;
    expect(mine(served)).toHaveLength(1);
    expect(mine(served)).not.toEqual(mine(before).slice(0, 1)); // the listing page's lastmod moved
    await rebuildStoredDocument(SITEMAP_PATH);
    expect(mine((await readStoredDocument(SITEMAP_PATH, ORIGIN))!.body)).toEqual(mine(served));
    await db.product.delete({ where: { id: product.id } });
    await db.category.delete({ where: { id: category.id } });
  });

  it("another release's rows (the feed whole, pieces of another size, their mark) are never served, and the first whole rebuild deletes them", async () => {
    const other = { contentType: 'application/xml; charset=utf-8', builtAt: new Date() };
    const otherRows = [
      { path: FEED_PATH, body: '' }, // the mark of the release before this one
      { path: `${FEED_PATH}/built-250`, body: '' },
      { path: `${FEED_PATH}/pieces/0`, body: '<item>stale</item>' },
      { path: `${FEED_PATH}/pieces-250/0`, body: '<item>stale</item>' },
    ];
    await getDb().storedDocument.createMany({ data: otherRows.map((row) => ({ ...row, ...other })) });
    const served = (await readStoredDocument(FEED_PATH, ORIGIN))!.body;
    expect(served).not.toContain('stale');
    expect(served).toContain(`<g:id>${SKU}</g:id>`);
    const left = await getDb().storedDocument.findMany({ where: { path: { in: otherRows.map((row) => row.path) } } });
    expect(left).toEqual([]);
    expect(await getDb().storedDocument.count({ where: { path: FEED_BUILT_PATH } })).toBe(1);
    // A piece that release queued in the outbox names its products by its size: the whole feed is rebuilt.
    await getDb().variant.update({ where: { sku: SKU }, data: { price: 2100 } });
    await rebuildStoredDocument(`${FEED_PATH}/pieces/0`);
    expect(await feedPriceOf(SKU)).toBe('21.00 USD');
  });

  it('pieces another release queued while a whole rebuild runs share one rebuild after it, which sees their change', async () => {
    await rebuildStoredDocument(FEED_PATH);
    const mugPiece = feedPiecePath(feedPieceOf(mugId));
    // Holds the mug's piece's store, so the first rebuild is still running, having read the old
    // price, when the change commits and the two other pieces are claimed.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = () => {};
    const holding = new Promise<void>((resolve) => (held = resolve));
    const lock = getDb().$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('stored-document:' || ${mugPiece}))`;
        held();
        await released;
      },
      { timeout: 30_000 },
    );
    await holding;
    const wholeRebuilds = vi.spyOn(getDb().storedDocument, 'deleteMany'); // once per whole rebuild, for the gone pieces
    try {
      const first = rebuildStoredDocument(`${FEED_PATH}/pieces/1`);
      await getDb().variant.update({ where: { sku: SKU }, data: { price: 2300 } });
      const later = [rebuildStoredDocument(`${FEED_PATH}/pieces/2`), rebuildStoredDocument(`${FEED_PATH}/pieces/3`)];
      release();
      await Promise.all([lock, first, ...later]);
      expect(wholeRebuilds).toHaveBeenCalledTimes(2);
      expect(await feedPriceOf(SKU)).toBe('23.00 USD');
    } finally {
      release();
      wholeRebuilds.mockRestore();
    }
  });

  it('a whole rebuild deletes a stored piece the catalog no longer has, but not one a change rebuilt meanwhile', async () => {
    await rebuildStoredDocument(FEED_PATH);
    const empty = { contentType: 'application/xml; charset=utf-8', body: '<item>gone</item>' };
    const [gone, rebuiltMeanwhile] = [feedPiecePath(900_000_000), feedPiecePath(900_000_001)];
    await getDb().storedDocument.createMany({
      data: [
        { path: gone, ...empty, builtAt: new Date(Date.now() - 60_000) },
        { path: rebuiltMeanwhile, ...empty, builtAt: new Date(Date.now() + 60_000) },
      ],
    });
    await rebuildStoredDocument(FEED_PATH);
    const left = await getDb().storedDocument.findMany({ where: { path: { in: [gone, rebuiltMeanwhile] } } });
    expect(left.map((row) => row.path)).toEqual([rebuiltMeanwhile]);
  });

  it("a product's change rebuilds its piece of the sitemap alone, and the sitemap served shows it", async () => {
    await rebuildStoredDocument(SITEMAP_PATH);
    const lastmodOfMug = async () => {
      const body = (await readStoredDocument(SITEMAP_PATH, ORIGIN))!.body;
      return new RegExp(`<loc>${ORIGIN}/products/${PREFIX}-mug</loc><lastmod>([^<]+)</lastmod>`).exec(body)?.[1];
    };
    const before = await lastmodOfMug();
    expect(before).toBeDefined();
    const builtAt = async () =>
      new Map((await getDb().storedDocument.findMany()).map((row) => [row.path, row.builtAt.getTime()]));
    const builtBefore = await builtAt();
    await getDb().variant.update({ where: { sku: SKU }, data: { price: 1900 } });
    expect(await lastmodOfMug()).toBe(before); // served as stored until its piece is rebuilt
    const mugPiece = sitemapPiecePath({ kind: 'products', piece: sitemapProductPieceOf(mugId) });
    await rebuildStoredDocument(mugPiece);
    expect((await lastmodOfMug())! > before!).toBe(true);
    const builtAfter = await builtAt();
    const rebuilt = [...builtAfter].filter(([path, at]) => builtBefore.get(path) !== at).map(([path]) => path);
    expect(rebuilt).toEqual([mugPiece]);
  });

  it("the purge's regenerator renders pages with Next and rebuilds these without it", async () => {
    const rendered: string[] = [];
    const res = {
      revalidate: (path: string) => Promise.resolve(void rendered.push(path)),
    } as unknown as NextApiResponse;
    await regeneratorFor(res)('/products/wool-coat');
    await regeneratorFor(res)(feedPiecePath(feedPieceOf(mugId)));
    expect(rendered).toEqual(['/products/wool-coat']);
    expect(
      (await getDb().storedDocument.findUniqueOrThrow({ where: { path: feedPiecePath(feedPieceOf(mugId)) } })).body,
    ).toContain(`<g:id>${SKU}</g:id>`);
  });

  it('only the feed, the sitemap and their pieces are rebuilt by path; anything else is refused', async () => {
    const paths = [
      FEED_PATH,
      feedPiecePath(3),
      SITEMAP_PATH,
      sitemapPiecePath({ kind: 'category', categoryId: 4 }),
      '/sitemaps/1.xml',
      '/products/x',
      `${FEED_PIECE_PREFIX}x`,
      `${SITEMAP_PIECE_PREFIX}categories/x`,
    ];
    for (const refused of paths.slice(4)) {
      await expect(rebuildStoredDocument(refused), refused).rejects.toThrow('not a stored document');
    }
    for (const root of paths.slice(1, 4)) await rebuildStoredDocument(root);
    expect(await readStoredDocument(feedPiecePath(3), ORIGIN)).toBeNull(); // a piece is never served alone
    expect(await readStoredDocument(sitemapPiecePath({ kind: 'home' }), ORIGIN)).toBeNull();
    await expect(rebuildStoredDocument('/products/x')).rejects.toThrow('not a stored document');
    expect(await readStoredDocument('/products/x', ORIGIN)).toBeNull();
  });
});
