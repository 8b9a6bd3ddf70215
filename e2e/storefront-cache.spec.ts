import { expect, test } from '@playwright/test';
import { closeCatalogDb, findProduct, slugWithStatus } from './fixtures/catalog-db';
import { fetchPage, jsonLdOffers, pricesIn, usd } from './fixtures/storefront';

test.afterAll(closeCatalogDb);

test('a product page shows its price and is then served byte-identical from the ISR cache', async ({
  request,
  page,
}) => {
  const product = await findProduct({ offset: 0 });
  const first = await fetchPage(request, `/products/${product.slug}`);
  expect(first.status).toBe(200);
  expect(pricesIn(first.html)).toContain(product.variant.price);
  expect(jsonLdOffers(first.html).map((o) => o.sku)).toContain(product.variant.sku);

  const second = await fetchPage(request, `/products/${product.slug}`);
  expect(second.cache).toBe('HIT');
  expect(second.html).toBe(first.html);

  // What a shopper's browser shows, formatted by hydrogen-react's <Money>, with no hydration error.
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`/products/${product.slug}`);
  await expect(page.locator(`tr[data-sku="${product.variant.sku}"] .price`)).toHaveText(usd(product.variant.price));
  expect(errors).toEqual([]);
});

test('home and category pages are static too, and list products with prices', async ({ request }) => {
  const featured = await findProduct({ featured: true });
  const home = await fetchPage(request, '/');
  expect(home.status).toBe(200);
  expect(home.html).toContain(`/products/${featured.slug}`);
  expect((await fetchPage(request, '/')).cache).toBe('HIT');

  const category = `/categories/${featured.categorySlugs[0]}`;
  await fetchPage(request, category);
  const listing = await fetchPage(request, category);
  expect(listing.cache).toBe('HIT');
  expect(pricesIn(listing.html).length).toBeGreaterThan(0);
});

test('unknown, draft and archived products answer 404', async ({ request }) => {
  expect((await fetchPage(request, '/products/no-such-product')).status).toBe(404);
  expect((await fetchPage(request, `/products/${await slugWithStatus('DRAFT')}`)).status).toBe(404);
  expect((await fetchPage(request, `/products/${await slugWithStatus('ARCHIVED')}`)).status).toBe(404);
  expect((await fetchPage(request, '/categories/no-such-category')).status).toBe(404);
  expect((await fetchPage(request, '/categories/no-such-category/page/2')).status).toBe(404);
});

test('no time-based revalidation: cached pages carry the one-year s-maxage of on-demand ISR', async ({ request }) => {
  const product = await findProduct({ offset: 1 });
  for (const path of ['/', `/products/${product.slug}`, `/categories/${product.categorySlugs[0]}`]) {
    await fetchPage(request, path);
    const response = await request.get(path);
    expect(response.headers()['x-nextjs-cache'], path).toBe('HIT');
    // With a revalidate time Next answers `s-maxage=<ttl>, stale-while-revalidate`.
    expect(response.headers()['cache-control'], path).toBe('s-maxage=31536000');
  }
});

test('the home page lists every category; listings link their neighbour pages', async ({ request }) => {
  const home = await fetchPage(request, '/');
  const categories = [...home.html.matchAll(/href="\/categories\/([a-z0-9-]+)"/g)].map((m) => m[1]);
  expect(new Set(categories).size).toBeGreaterThanOrEqual(8);

  const slug = categories[0] ?? '';
  const first = await fetchPage(request, `/categories/${slug}`);
  expect(first.html).toContain(`rel="next" href="/categories/${slug}/page/2"`);
  expect(first.html).not.toContain('rel="prev"');
  const second = await fetchPage(request, `/categories/${slug}/page/2`);
  expect(second.status).toBe(200);
  expect(second.html).toContain(`rel="prev" href="/categories/${slug}"`);
});

test('a listing page has one URL: /page/1 and padded numbers answer 404', async ({ request }) => {
  const product = await findProduct();
  const slug = product.categorySlugs[0] ?? '';
  expect((await fetchPage(request, `/categories/${slug}/page/1`)).status).toBe(404);
  expect((await fetchPage(request, `/categories/${slug}/page/02`)).status).toBe(404);
  expect((await fetchPage(request, `/categories/${slug}/page/999`)).status).toBe(404);
});
