/**
 * Product pictures on the production build: resized and re-encoded by next/image's optimiser
 * (`/_next/image`), sized for the screen that shows them, the largest paint loaded at once and
 * the rest lazily, and cached at the edge once per format.
 */
import { request as httpRequest } from 'node:http';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { catalogDb, closeCatalogDb, findProduct } from './fixtures/catalog-db';
import { skipUnlessAvailable } from './fixtures/required-services';
import { SHOP_HOST, varnishConfig } from './fixtures/varnish';

test.afterAll(closeCatalogDb);

/** What Chromium sends for an <img>; Firefox's differs, and both name WebP. */
const CHROMIUM_ACCEPT = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';
const FIREFOX_ACCEPT = 'image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5';

/** An active product with two pictures or more: its URL and its pictures' URLs in gallery order. */
async function productWithViews(offset = 0) {
  const { rows } = await catalogDb().query<{ slug: string; urls: string[] }>(
    `SELECT p.slug, ARRAY(SELECT i.url FROM "ProductImage" i WHERE i."productId" = p.id ORDER BY i.position) AS urls
       FROM "Product" p
      WHERE p.status = 'ACTIVE' AND (SELECT count(*) FROM "ProductImage" i WHERE i."productId" = p.id) >= 2
      ORDER BY p.id OFFSET $1 LIMIT 1`,
    [offset],
  );
  const product = rows[0];
  if (!product) throw new Error('no active product with two pictures');
  return product;
}

/** Waits until `img` has loaded; returns the URL the browser chose from its srcset. */
async function loadedSource(img: Locator): Promise<URL> {
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  return new URL(await img.evaluate((el: HTMLImageElement) => el.currentSrc));
}

/** The widths an <img>'s srcset offers, smallest first. */
async function offeredWidths(img: Locator): Promise<number[]> {
  const srcset = (await img.getAttribute('srcset')) ?? '';
  return srcset
    .split(', ')
    .map((candidate) => Number(/ (\d+)w$/.exec(candidate)?.[1]))
    .sort((a, b) => a - b);
}

test("the product's main picture is a resized WebP from /_next/image, loaded at once; the other views lazily", async ({
  page,
}) => {
  const product = await productWithViews();
  const received = new Map<string, { type: string | undefined; bytes: number }>();
  page.on('response', async (response) => {
    if (!response.url().includes('/_next/image?')) return;
    received.set(response.url(), { type: response.headers()['content-type'], bytes: (await response.body()).length });
  });
  await page.goto(`/products/${product.slug}`);
  const gallery = page.locator('.gallery img');
  const main = gallery.first();
  await expect(main).toHaveAttribute('loading', 'eager');
  await expect(main).toHaveAttribute('fetchpriority', 'high');
  await expect(gallery.nth(1)).toHaveAttribute('loading', 'lazy');
  await expect(gallery.nth(1)).not.toHaveAttribute('fetchpriority', /./);

  const chosen = await loadedSource(main);
  expect(chosen.pathname).toBe('/_next/image');
  expect(chosen.searchParams.get('url')).toBe(product.urls[0]);
  expect(Number(chosen.searchParams.get('w'))).toBeLessThan(1200);
  await expect.poll(() => received.get(chosen.href)?.type).toBe('image/webp');

  const source = await page.request.get(product.urls[0] ?? '');
  expect(source.status()).toBe(200);
  const sourceBytes = (await source.body()).length;
  expect(received.get(chosen.href)?.bytes).toBeGreaterThan(0);
  expect(received.get(chosen.href)?.bytes).toBeLessThan(sourceBytes);
});

test("a listing's first picture loads at once, the later ones lazily, all through the optimiser", async ({ page }) => {
  const product = await findProduct({ offset: 5 });
  await page.goto(`/categories/${product.categorySlugs[0]}`);
  const cards = page.locator('.grid .card img');
  expect(await cards.count()).toBeGreaterThan(6);
  await expect(cards.first()).toHaveAttribute('loading', 'eager');
  await expect(cards.first()).toHaveAttribute('fetchpriority', 'high');
  for (const later of [cards.nth(1), cards.nth(6)]) {
    await expect(later).toHaveAttribute('loading', 'lazy');
    await expect(later).not.toHaveAttribute('fetchpriority', /./);
    await expect(later).toHaveAttribute('src', /^\/_next\/image\?url=%2Fimages%2Fproducts%2F/);
  }
  expect((await loadedSource(cards.first())).pathname).toBe('/_next/image');
});

/** Opens `path` on a screen of that size and density; returns the picture and its rendered width. */
async function pictureOn(browser: Browser, baseURL: string, screen: Screen, path: string, selector: string) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: screen.width, height: screen.height },
    deviceScaleFactor: screen.dpr,
  });
  const page: Page = await context.newPage();
  await page.goto(path);
  const img = page.locator(selector).first();
  const chosen = Number((await loadedSource(img)).searchParams.get('w'));
  const needed = (await img.evaluate((el) => el.getBoundingClientRect().width)) * screen.dpr;
  const offered = await offeredWidths(img);
  await context.close();
  return { chosen, needed, offered };
}

interface Screen {
  name: string;
  width: number;
  height: number;
  dpr: number;
}

const SCREENS: Screen[] = [
  { name: 'a phone', width: 375, height: 740, dpr: 2 },
  { name: 'a tablet', width: 800, height: 1000, dpr: 2 },
  { name: 'a desktop', width: 1280, height: 900, dpr: 1 },
];

test('each screen downloads the width it shows: a phone no desktop width, a desktop no phone width', async ({
  browser,
  baseURL,
}) => {
  const product = await productWithViews(1);
  const listing = `/categories/${(await findProduct({ offset: 6 })).categorySlugs[0]}`;
  for (const screen of SCREENS) {
    for (const [path, selector] of [
      [`/products/${product.slug}`, '.gallery img'],
      [listing, '.grid .card img'],
    ] as const) {
      const { chosen, needed, offered } = await pictureOn(browser, baseURL ?? '', screen, path, selector);
      // The browser takes the offered width nearest the pixels it paints: the one just below
      // (Chromium rounds down when that one is close) or the one just above. A wrong `sizes`
      // would make it take a width far from either.
      const below = offered.filter((w) => w < needed).at(-1);
      const above = offered.find((w) => w >= needed);
      expect([below, above], `${screen.name}, ${path}: ${needed} device px wide`).toContain(chosen);
    }
  }
});

test('the optimiser serves only the shop pictures, at the configured widths', async ({ request }) => {
  const picture = encodeURIComponent('/images/products/bags-1.webp');
  expect((await request.get(`/_next/image?url=${picture}&w=640&q=75`)).status()).toBe(200);
  // A width outside deviceSizes and imageSizes: every width is one more encoding to store.
  expect((await request.get(`/_next/image?url=${picture}&w=700&q=75`)).status()).toBe(400);
  // Not a picture of the shop's: images.localPatterns keeps the optimiser off pages and the API.
  expect((await request.get(`/_next/image?url=${encodeURIComponent('/api/health/live')}&w=640&q=75`)).status()).toBe(
    400,
  );
  expect((await request.get(`/_next/image?url=${encodeURIComponent('/')}&w=640&q=75`)).status()).toBe(400);
});

/** One GET through the suite's Varnish with the given Accept header. */
function throughEdge(port: number, path: string, accept: string) {
  return new Promise<{ status: number; edgeCache: string | undefined; type: string | undefined }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { Host: SHOP_HOST, Accept: accept } }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          edgeCache: res.headers['x-edge-cache'] as string | undefined,
          type: res.headers['content-type'],
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

test('Varnish keeps one copy of a resized picture per format, whatever Accept string each browser sends', async () => {
  const varnish = varnishConfig();
  skipUnlessAvailable(varnish ? undefined : 'varnishd is not installed (Debian package `varnish`)');
  const port = varnish?.listenPort ?? 0;
  // A picture and width no other test asks for, so the first request is the edge's first.
  const path = `/_next/image?url=${encodeURIComponent('/images/products/kitchen-6.webp')}&w=1080&q=75`;
  expect(await throughEdge(port, path, CHROMIUM_ACCEPT)).toEqual({
    status: 200,
    edgeCache: 'MISS',
    type: 'image/webp',
  });
  expect(await throughEdge(port, path, FIREFOX_ACCEPT)).toEqual({ status: 200, edgeCache: 'HIT', type: 'image/webp' });
  // A browser without WebP gets the source as JPEG: a copy of its own, shared by all such browsers.
  expect(await throughEdge(port, path, 'image/png,*/*')).toEqual({
    status: 200,
    edgeCache: 'MISS',
    type: 'image/jpeg',
  });
  expect(await throughEdge(port, path, '*/*')).toEqual({ status: 200, edgeCache: 'HIT', type: 'image/jpeg' });
});
