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
