import { expect, test, type Page } from '@playwright/test';
import { logInAsAdmin } from './fixtures/admin-session';
import { closeCatalogDb, findProduct, listingPathsOf } from './fixtures/catalog-db';
import { cachedHtml, cardHtml, fetchPage, jsonLdOffers, pricesIn } from './fixtures/storefront';
import { asServed, withPurgedDocuments } from './fixtures/purged-documents';

test.afterAll(closeCatalogDb);

async function openEditor(page: Page, productId: number): Promise<void> {
  await page.goto(`/admin/products/${productId}`);
  await expect(page.getByRole('button', { name: /Save/ })).toBeVisible();
}

test('an admin edits a price: every page the purge chose is updated and the shopper sees it', async ({
  page,
  request,
  baseURL,
}) => {
  const product = await findProduct({ featured: true, offset: 1 });
  await logInAsAdmin(page, baseURL ?? '');
  for (const adminPath of ['/admin', `/admin/products/${product.id}`]) {
    const response = await page.request.get(adminPath);
    expect(response.headers()['cache-control'], adminPath).toBe('private, no-store');
    expect(response.headers()['x-nextjs-cache'], adminPath).toBeUndefined();
  }
  await openEditor(page, product.id);
  const newPrice = product.variant.price + 1111;
  await page.getByLabel(`Price of ${product.variant.sku} (USD)`, { exact: true }).fill((newPrice / 100).toFixed(2));
  await page.getByRole('button', { name: /Save/ }).click();

  const results = page.locator('.purge-results li');
  await expect(page.locator('.purge-results h2')).toContainText('pages updated');
  const reported = await results.evaluateAll((items) => items.map((li) => li.getAttribute('data-path') ?? ''));
  // A price change moves nothing: exactly its page, the one listing page per category that
  // shows it (from its position and CATEGORY_PAGE_SIZE), and home because it is featured; and
  // the feed and the sitemap built from them.
  const expected = [`/products/${product.slug}`, ...(await listingPathsOf(product.id)), '/'];
  expect(expected.length).toBeGreaterThan(2);
  expect(asServed(reported).sort()).toEqual(withPurgedDocuments(expected).sort());
  const paths = expected;
  expect(await results.evaluateAll((items) => items.every((li) => li.getAttribute('data-ok') === 'true'))).toBe(true);

  for (const path of paths) {
    const fresh = await fetchPage(request, path);
    expect(fresh.status, path).toBe(200);
    const scope = path.startsWith('/products/') ? fresh.html : cardHtml(fresh.html, product.slug);
    expect(scope, `${path} shows the product`).toBeDefined();
    expect(pricesIn(scope ?? ''), path).toContain(newPrice);
    const cached = await fetchPage(request, path);
    expect(cached.cache, `${path} x-nextjs-cache`).toBe('HIT');
    expect(
      pricesIn((path.startsWith('/products/') ? cached.html : cardHtml(cached.html, product.slug)) ?? ''),
    ).toContain(newPrice);
  }
  const offers = jsonLdOffers(await cachedHtml(request, `/products/${product.slug}`));
  expect(offers.find((o) => o.sku === product.variant.sku)?.price).toBe((newPrice / 100).toFixed(2));
  await expect(page.locator('.price-history')).toHaveCount(0); // history shows after a reload
  await page.reload();
  await expect(page.locator('.price-history')).toContainText(`${(newPrice / 100).toFixed(2)} USD`);
});

test('two admins edit the same product: the second save gets 409 and the first change stands', async ({
  browser,
  baseURL,
}) => {
  const product = await findProduct({ offset: 11 });
  const [first, second] = [await browser.newPage(), await browser.newPage()];
  for (const page of [first, second]) {
    await logInAsAdmin(page, baseURL ?? '');
    await openEditor(page, product.id);
  }
  const label = `Price of ${product.variant.sku} (USD)`;
  await first.getByLabel(label, { exact: true }).fill('41.00');
  await first.getByRole('button', { name: /Save/ }).click();
  await expect(first.locator('.purge-results')).toBeVisible();

  await second.getByLabel(label, { exact: true }).fill('42.00');
  await second.getByRole('button', { name: /Save/ }).click();
  await expect(second.locator('.conflict')).toContainText('Reload');
  const html = await cachedHtml(first.request, `/products/${product.slug}`);
  expect(pricesIn(html)).toContain(4100);
  expect(pricesIn(html)).not.toContain(4200);
});

test('invalid prices show a field error and change nothing', async ({ page, request, baseURL }) => {
  const product = await findProduct({ offset: 13 });
  const path = `/products/${product.slug}`;
  const before = await cachedHtml(request, path);
  await logInAsAdmin(page, baseURL ?? '');
  await openEditor(page, product.id);
  const input = page.getByLabel(`Price of ${product.variant.sku} (USD)`, { exact: true });
  for (const [typed, message] of [
    ['-5.00', 'cannot be negative'],
    ['abc', 'Enter an amount like'],
    ['1000000000000', 'Price is too high (at most 999999.99 USD)'],
  ] as const) {
    await input.fill(typed);
    await page.getByRole('button', { name: /Save/ }).click();
    await expect(page.locator('tr', { has: input }).locator('.field-error')).toContainText(message);
  }
  expect(await cachedHtml(request, path)).toBe(before);
  // The server refuses them too, whatever a client sends.
  for (const price of [-500, 1e14, 'abc']) {
    const response = await page.request.put(`/api/admin/products/${product.id}`, {
      headers: { Origin: baseURL ?? '' },
      data: {
        version: 1,
        slug: product.slug,
        title: 'x',
        description: '',
        status: 'ACTIVE',
        featured: false,
        categoryIds: [],
        variants: [{ id: 1, price, compareAtPrice: null, stock: 1 }],
      },
    });
    expect(response.status()).toBe(400);
  }
  expect(await cachedHtml(request, path)).toBe(before);
});

test('a compare-at-only change is recorded and shown in the price history', async ({ page, baseURL }) => {
  const product = await findProduct({ offset: 25 });
  await logInAsAdmin(page, baseURL ?? '');
  await openEditor(page, product.id);
  const compareAt = ((product.variant.price + 5000) / 100).toFixed(2);
  const input = page.getByLabel(`Compare-at price of ${product.variant.sku} (USD)`, { exact: true });
  const before = await input.inputValue();
  await input.fill(compareAt);
  await page.getByRole('button', { name: /Save/ }).click();
  await expect(page.locator('.purge-results h2')).toContainText('pages updated');
  await page.reload();
  const latest = page.locator('.price-history tbody tr').first();
  await expect(latest).toContainText(product.variant.sku);
  await expect(latest.locator('.compare-at-change')).toHaveText(
    `${before === '' ? 'none' : `${before} USD`} → ${compareAt} USD`,
  );
});

test('archiving from the dashboard makes the page 404 and removes it from its listings', async ({
  page,
  request,
  baseURL,
}) => {
  const product = await findProduct({ offset: 15 });
  await logInAsAdmin(page, baseURL ?? '');
  await openEditor(page, product.id);
  await page.getByLabel('Status').selectOption('ARCHIVED');
  await page.getByRole('button', { name: /Save/ }).click();
  await expect(page.locator('.purge-results h2')).toContainText('pages updated');
  expect((await fetchPage(request, `/products/${product.slug}`)).status).toBe(404);
  for (const category of product.categorySlugs) {
    const listing = await fetchPage(request, `/categories/${category}`);
    expect(cardHtml(listing.html, product.slug)).toBeUndefined();
  }
});

test('catalog text is escaped: a <script> in a description shows as text', async ({ page, request, baseURL }) => {
  const product = await findProduct({ offset: 17 });
  await logInAsAdmin(page, baseURL ?? '');
  await openEditor(page, product.id);
  const payload = '<script>window.__pwned = 1</script> & <b>bold</b>';
  await page.getByLabel('Description').fill(payload);
  await page.getByRole('button', { name: /Save/ }).click();
  await expect(page.locator('.purge-results h2')).toContainText('pages updated');
  await page.goto(`/products/${product.slug}`);
  await expect(page.locator('.description')).toHaveText(payload);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  const html = await cachedHtml(request, `/products/${product.slug}`);
  expect(html).not.toContain('<script>window.__pwned');
  await page.goto(`/admin/products/${product.id}`);
  await expect(page.getByLabel('Description')).toHaveValue(payload);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

// README's screenshots come from here: `npm run test:e2e -- e2e/admin-edit.spec.ts`, then copy
// test-results/screenshots/*.png to docs/.
test('screenshots of the dashboard for the README', async ({ page, baseURL }) => {
  const product = await findProduct({ featured: true, offset: 3 });
  await logInAsAdmin(page, baseURL ?? '');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/admin?search=jacket');
  await expect(page.locator('table tbody tr').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/admin-products.png' });

  await openEditor(page, product.id);
  const price = page.getByLabel(`Price of ${product.variant.sku} (USD)`, { exact: true });
  await price.fill(((product.variant.price - 500) / 100).toFixed(2));
  await page.getByRole('button', { name: /Save/ }).click();
  await expect(page.locator('.purge-results h2')).toContainText('pages updated');
  await page.locator('.purge-results').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/admin-save.png', fullPage: true });
});
