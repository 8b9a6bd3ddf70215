/**
 * Search shows the database's price on the next request after a change, whoever made it: the
 * dashboard or a signed Stripe delivery. Also the header's search box and the empty-result page.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { saveVariantPrices } from './fixtures/admin-api';
import { logInAsAdminAt } from './fixtures/admin-session';
import { catalogDb, closeCatalogDb, findProduct } from './fixtures/catalog-db';
import { appliedDelivery } from './fixtures/inbox';
import { cardHtml, fetchPage } from './fixtures/storefront';
import { findLinkedProduct, sendStripeEvent, stripePriceChange } from './fixtures/webhooks';

test.afterAll(closeCatalogDb);

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

test('a dashboard save shows in the search results on the next request', async ({ playwright, baseURL }) => {
  const product = await findProduct({ offset: 57 });
  const { rows } = await catalogDb().query<{ title: string }>('SELECT title FROM "Product" WHERE id = $1', [
    product.id,
  ]);
  const title = rows[0]?.title ?? '';
  const admin = await playwright.request.newContext();
  await logInAsAdminAt(admin, baseURL ?? '');
  expect(await searchedPrice(admin, title, product.slug)).toBe(product.variant.price);
  const newPrice = product.variant.price - 101;
  await saveVariantPrices(admin, baseURL ?? '', product.id, () => newPrice);
  expect(await searchedPrice(admin, title, product.slug)).toBe(newPrice);
  await admin.dispose();
});

test('a signed Stripe price change shows in the search results on the next request', async ({ request }) => {
  const product = await findLinkedProduct('stripe', { featured: false, offset: 9 });
  expect(await searchedPrice(request, product.title, product.slug)).toBe(product.variant.price);
  const newPrice = product.variant.price - 55;
  for (const event of stripePriceChange(product, newPrice))
    await appliedDelivery(await sendStripeEvent(request, event));
  expect(await searchedPrice(request, product.title, product.slug)).toBe(newPrice);
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
