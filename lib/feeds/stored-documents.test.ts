import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { FEED_PATH, SITEMAP_PATH } from '../storefront/paths';
import { isStoredDocumentRoot, readStoredDocument, rebuildStoredDocument } from './stored-documents';

const PREFIX = `sdoc-${Date.now().toString(36)}`;
const ORIGIN = 'https://shop.test';
const SKU = `${PREFIX}-MUG`;

beforeAll(async () => {
  await getDb().product.create({
    data: {
      slug: `${PREFIX}-mug`,
      title: 'Stored mug',
      status: 'ACTIVE',
      images: { create: { url: '/images/mug.svg', alt: 'Mug', width: 800, height: 800 } },
      variants: { create: { sku: SKU, title: 'Default', price: 1500, currency: 'USD', stock: 9 } },
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

  it('a build on a miss never replaces a copy a rebuild stored meanwhile', async () => {
    await getDb().storedDocument.create({
      data: { path: FEED_PATH, contentType: 'application/xml; charset=utf-8', body: '<rss/>', builtAt: new Date() },
    });
    expect((await readStoredDocument(FEED_PATH, ORIGIN))?.body).toBe('<rss/>');
  });

  it('rebuilding the sitemap drops files it no longer has, which then answer nothing', async () => {
    await getDb().storedDocument.create({
      data: {
        path: '/sitemaps/2.xml',
        contentType: 'application/xml; charset=utf-8',
        body: '<urlset/>',
        builtAt: new Date(),
      },
    });
    await rebuildStoredDocument(SITEMAP_PATH);
    const paths = (await getDb().storedDocument.findMany({ select: { path: true } })).map((row) => row.path);
    expect(paths).toEqual([SITEMAP_PATH]);
    expect(await readStoredDocument('/sitemaps/2.xml', ORIGIN)).toBeNull();
    expect((await readStoredDocument(SITEMAP_PATH, ORIGIN))?.body).toContain(
      `<loc>${ORIGIN}/products/${PREFIX}-mug</loc>`,
    );
  });

  it('only the feed and /sitemap.xml are rebuilt by path; anything else is refused', async () => {
    expect([FEED_PATH, SITEMAP_PATH, '/sitemaps/1.xml', '/products/x'].map(isStoredDocumentRoot)).toEqual([
      true,
      true,
      false,
      false,
    ]);
    await expect(rebuildStoredDocument('/products/x')).rejects.toThrow('not a stored document');
    expect(await readStoredDocument('/products/x', ORIGIN)).toBeNull();
  });
});
