/**
 * Every surface that shows a price besides the pages (search results, the Google product feed)
 * shows the database's price on the next request after a change, whoever made it: the dashboard
 * or a signed Stripe delivery; and the sitemap's lastmod of the product moves. Also the header's
 * search box, the empty-result page, robots.txt, and what the pages tell search engines and link
 * previews (canonical, Open Graph, Twitter, BreadcrumbList JSON-LD).
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { parse, type HTMLElement } from 'node-html-parser';
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
  // Read first, so the feed is stored before the change: only its purge can make it new.
  expect(await chargedInFeed(admin, product.variant.sku)).toBe(feedPrice(product.variant.price));
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
  expect(await chargedInFeed(request, product.variant.sku)).toBe(feedPrice(product.variant.price));
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

/** What a page's HTML tells crawlers and link previews. */
async function headOf(request: APIRequestContext, path: string) {
  const page = await fetchPage(request, path);
  const root = parse(page.html);
  const link = (rel: string) => root.querySelector(`head link[rel="${rel}"]`)?.getAttribute('href') ?? null;
  const meta = (selector: string) => root.querySelector(`head meta[${selector}]`)?.getAttribute('content') ?? null;
  return {
    status: page.status,
    root,
    canonical: link('canonical'),
    previous: link('prev'),
    next: link('next'),
    robots: meta('name="robots"'),
    og: (property: string) => meta(`property="og:${property}"`),
    twitter: (name: string) => meta(`name="twitter:${name}"`),
    breadcrumbs: breadcrumbLists(root),
  };
}

interface BreadcrumbList {
  itemListElement: { position: number; name: string; item: string }[];
}

function breadcrumbLists(root: HTMLElement): BreadcrumbList[] {
  return root
    .querySelectorAll('script[type="application/ld+json"]')
    .flatMap((script) => [JSON.parse(script.rawText) as unknown].flat())
    .filter((data): data is BreadcrumbList => (data as { '@type'?: string })['@type'] === 'BreadcrumbList');
}

/** X and Facebook preview these formats only (the sample pictures are WebP); a page announces no other picture. */
const previewable = (url: string) => /\.(jpe?g|png|webp|gif)$/i.test(url);

test('a product page names its canonical URL without ?variant=, its link preview and one breadcrumb trail per category', async ({
  request,
  baseURL,
}) => {
  const { rows } = await catalogDb().query<{
    slug: string;
    title: string;
    categories: { slug: string; name: string }[];
    image: string;
    variantId: number;
  }>(
    `SELECT p.slug, p.title,
        ARRAY(SELECT json_build_object('slug', c.slug, 'name', c.name) FROM "ProductCategory" pc
                JOIN "Category" c ON c.id = pc."categoryId" WHERE pc."productId" = p.id ORDER BY c.position) AS categories,
        (SELECT i.url FROM "ProductImage" i WHERE i."productId" = p.id ORDER BY i.position LIMIT 1) AS image,
        (SELECT v.id FROM "Variant" v WHERE v."productId" = p.id ORDER BY v.position DESC LIMIT 1) AS "variantId"
       FROM "Product" p
      WHERE p.status = 'ACTIVE' AND (SELECT count(*) FROM "ProductCategory" pc WHERE pc."productId" = p.id) = 2
      ORDER BY p.id LIMIT 1`,
  );
  const product = rows[0];
  if (!product) throw new Error('no active product in two categories');
  const canonical = `${baseURL}/products/${product.slug}`;
  const head = await headOf(request, `/products/${product.slug}?variant=${product.variantId}`);
  expect(head.status).toBe(200);
  expect(head.canonical).toBe(canonical);
  expect(head.robots).toBeNull();
  expect(head.og('url')).toBe(canonical);
  expect(head.og('type')).toBe('product');
  expect(head.og('title')).toBe(product.title);
  expect(head.og('site_name')).toBe('Fresh Price Supply Co.');
  expect(head.og('description')).toBe(
    head.root.querySelector('head meta[name="description"]')?.getAttribute('content'),
  );
  expect(head.twitter('title')).toBe(product.title);
  expect(head.twitter('description')).toBe(head.og('description'));
  expect(head.og('image')).toBe(previewable(product.image) ? `${baseURL}${product.image}` : null);
  expect(head.twitter('card')).toBe(previewable(product.image) ? 'summary_large_image' : 'summary');

  expect(head.breadcrumbs.map((list) => list.itemListElement)).toEqual(
    product.categories.map((category) => [
      { '@type': 'ListItem', position: 1, name: 'Home', item: `${baseURL}/` },
      { '@type': 'ListItem', position: 2, name: category.name, item: `${baseURL}/categories/${category.slug}` },
      { '@type': 'ListItem', position: 3, name: product.title, item: canonical },
    ]),
  );
  // The visible trails say the same.
  const visible = head.root.querySelectorAll('nav.breadcrumbs ol').map((trail) => trail.textContent);
  expect(visible).toEqual(product.categories.map((category) => `Home${category.name}${product.title}`));
});

test('a listing page 2 is its own canonical, links its neighbours and ends its breadcrumb trail at the page', async ({
  request,
  baseURL,
}) => {
  const pageSize = Number(process.env.CATEGORY_PAGE_SIZE ?? 24);
  const { rows } = await catalogDb().query<{ slug: string; name: string }>(
    `SELECT c.slug, c.name FROM "Category" c
       JOIN "ProductCategory" pc ON pc."categoryId" = c.id
       JOIN "Product" p ON p.id = pc."productId" AND p.status = 'ACTIVE'
      GROUP BY c.id HAVING count(*) > $1 ORDER BY c.position LIMIT 1`,
    [pageSize],
  );
  const category = rows[0];
  if (!category) throw new Error(`no category with more than ${pageSize} products`);
  const path = `/categories/${category.slug}/page/2`;
  const head = await headOf(request, path);
  expect(head.status).toBe(200);
  expect(head.canonical).toBe(`${baseURL}${path}`);
  expect(head.og('url')).toBe(`${baseURL}${path}`);
  expect(head.og('type')).toBe('website');
  expect(head.og('title')).toBe(`${category.name} – page 2`);
  expect(head.twitter('card')).toMatch(/^summary(_large_image)?$/);
  expect(head.previous).toBe(`${baseURL}/categories/${category.slug}`);
  // rel="next" in the head exactly when the page links a next page.
  const nextLink = head.root.querySelector('.pagination a[rel="next"]')?.getAttribute('href');
  expect(head.next).toBe(nextLink ? `${baseURL}${nextLink}` : null);

  expect(head.breadcrumbs.map((list) => list.itemListElement)).toEqual([
    [
      { '@type': 'ListItem', position: 1, name: 'Home', item: `${baseURL}/` },
      { '@type': 'ListItem', position: 2, name: category.name, item: `${baseURL}/categories/${category.slug}` },
      { '@type': 'ListItem', position: 3, name: 'Page 2', item: `${baseURL}${path}` },
    ],
  ]);
  const firstPage = await headOf(request, `/categories/${category.slug}`);
  expect(firstPage.canonical).toBe(`${baseURL}/categories/${category.slug}`);
  expect(firstPage.previous).toBeNull();
  expect(firstPage.next).toBe(`${baseURL}${path}`);
});

test('search results and the cart are noindex without a canonical; home names itself; a 404 names no canonical', async ({
  request,
  baseURL,
}) => {
  for (const path of ['/search?q=coat', '/cart']) {
    const head = await headOf(request, path);
    expect(head.robots, path).toBe('noindex');
    expect(head.canonical, path).toBeNull();
    expect(head.og('url'), path).toBeNull();
    expect(head.og('title'), path).not.toBeNull();
    expect(head.twitter('card'), path).toBe('summary');
  }
  const home = await headOf(request, '/');
  expect(home.canonical).toBe(`${baseURL}/`);
  expect(home.og('type')).toBe('website');
  expect(home.robots).toBeNull();
  const missing = await headOf(request, '/products/no-such-product-here');
  expect(missing.status).toBe(404);
  expect(missing.canonical).toBeNull();
});
