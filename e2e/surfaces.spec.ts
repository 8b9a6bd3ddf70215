/**
 * Every surface that shows a price besides the pages (search results, the Google product feed)
 * shows the database's price on the next request after a change, whoever made it: the dashboard
 * or a signed Stripe delivery; and the sitemap's lastmod of the product moves. Also the header's
 * search box, the empty-result page, and robots.txt.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { saveVariantPrices } from './fixtures/admin-api';
import { logInAsAdminAt } from './fixtures/admin-session';
import { catalogDb, closeCatalogDb, findProduct } from './fixtures/catalog-db';
import { appliedDelivery } from './fixtures/inbox';
import { cardHtml, fetchPage } from './fixtures/storefront';
import { findLinkedProduct, sendStripeEvent, stripePriceChange } from './fixtures/webhooks';

test.afterAll(closeCatalogDb);

/** The feed item of `sku`: its g:price (and g:sale_price), as Google reads them. */
async function feedPrices(request: APIRequestContext, sku: string): Promise<{ price: string; sale: string | null }> {
  const response = await request.get('/feeds/google.xml');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/xml');
  const xml = await response.text();
  const item = new RegExp(`<item><g:id>${sku}</g:id>.*?</item>`).exec(xml)?.[0] ?? '';
  expect(item, `${sku} in the feed`).not.toBe('');
  return {
    price: /<g:price>([^<]+)<\/g:price>/.exec(item)?.[1] ?? '',
    sale: /<g:sale_price>([^<]+)<\/g:sale_price>/.exec(item)?.[1] ?? null,
  };
}

/** The price the feed says is charged: the sale price when the variant has a compare-at price, else the price. */
async function chargedInFeed(request: APIRequestContext, sku: string): Promise<string> {
  const { price, sale } = await feedPrices(request, sku);
  return sale ?? price;
}

/** A price as the feed writes it: "12.34 USD". */
const feedPrice = (price: number) => `${(price / 100).toFixed(2)} USD`;

/** The sitemap's lastmod of a product page. */
async function sitemapLastmod(request: APIRequestContext, slug: string): Promise<number> {
  const xml = await (await request.get('/sitemap.xml')).text();
  const entry = new RegExp(`<loc>[^<]*/products/${slug}</loc><lastmod>([^<]+)</lastmod>`).exec(xml);
  expect(entry, `${slug} in the sitemap`).not.toBeNull();
  return Date.parse(entry?.[1] ?? '');
}

/** The price the search results' card of `slug` shows, in minor units. */
async function searchedPrice(request: APIRequestContext, title: string, slug: string): Promise<number> {
  const page = await fetchPage(request, `/search?q=${encodeURIComponent(title)}`);
  expect(page.status).toBe(200);
  const card = cardHtml(page.html, slug);
  expect(card, `${slug} in the results for "${title}"`).toBeDefined();
  const price = /class="price"[^>]*data-price-minor="(\d+)"|data-price-minor="(\d+)"[^>]*class="price"/.exec(
    card ?? '',
  );
  return Number(price?.[1] ?? price?.[2]);
}

test('a dashboard save shows in the search results and the feed on the next request, and moves the sitemap lastmod', async ({
  playwright,
  baseURL,
}) => {
  const product = await findProduct({ offset: 57 });
  const { rows } = await catalogDb().query<{ title: string }>('SELECT title FROM "Product" WHERE id = $1', [
    product.id,
  ]);
  const title = rows[0]?.title ?? '';
  const admin = await playwright.request.newContext();
  await logInAsAdminAt(admin, baseURL ?? '');
  expect(await searchedPrice(admin, title, product.slug)).toBe(product.variant.price);
  const lastmod = await sitemapLastmod(admin, product.slug);
  const newPrice = product.variant.price - 101;
  await saveVariantPrices(admin, baseURL ?? '', product.id, () => newPrice);
  expect(await searchedPrice(admin, title, product.slug)).toBe(newPrice);
  expect(await chargedInFeed(admin, product.variant.sku)).toBe(feedPrice(newPrice));
  expect(await sitemapLastmod(admin, product.slug)).toBeGreaterThan(lastmod);
  await admin.dispose();
});

test('a signed Stripe price change shows in the search results and the feed on the next request, and moves the sitemap lastmod', async ({
  request,
}) => {
  const product = await findLinkedProduct('stripe', { featured: false, offset: 9 });
  expect(await searchedPrice(request, product.title, product.slug)).toBe(product.variant.price);
  const lastmod = await sitemapLastmod(request, product.slug);
  const newPrice = product.variant.price - 55;
  for (const event of stripePriceChange(product, newPrice)) {
    await appliedDelivery(await sendStripeEvent(request, event));
  }
  expect(await searchedPrice(request, product.title, product.slug)).toBe(newPrice);
  expect(await chargedInFeed(request, product.variant.sku)).toBe(feedPrice(newPrice));
  expect(await sitemapLastmod(request, product.slug)).toBeGreaterThan(lastmod);
});

test('the header search box finds products, and an empty result offers the categories', async ({ page }) => {
  const product = await findProduct({ offset: 58 });
  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Search products' }).fill(product.variant.sku);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/search\\?q=${product.variant.sku}$`));
  await expect(page.locator(`li.card[data-product-slug="${product.slug}"]`)).toBeVisible();

  await page.goto('/search?q=qqqzzxnothing');
  await expect(page.getByRole('heading', { name: 'Nothing matches “qqqzzxnothing”' })).toBeVisible();
  await expect(page.locator('.no-results a[href^="/categories/"]').first()).toBeVisible();
  const response = await page.request.get('/search?q=coat');
  expect(response.headers()['cache-control']).toBe('private, no-store');
});

test('robots.txt points at the sitemap and keeps crawlers out of the private pages', async ({ request, baseURL }) => {
  const robots = await request.get('/robots.txt');
  expect(robots.headers()['content-type']).toContain('text/plain');
  const text = await robots.text();
  for (const path of ['/admin', '/api/', '/cart', '/checkout/', '/search'])
    expect(text).toContain(`Disallow: ${path}\n`);
  expect(text).toContain(`Sitemap: ${baseURL}/sitemap.xml`);
  const sitemap = await request.get('/sitemap.xml');
  expect(sitemap.status()).toBe(200);
  expect(await sitemap.text()).toContain(`<loc>${baseURL}/</loc>`);
});
