/**
 * Security headers (lib/http/security-headers.ts) on the production build: each route group gets
 * its headers, once, also through Varnish; and every page runs its scripts (the storefront's island,
 * the dashboard's React) and works under the CSP with not one violation reported by the browser.
 */
import { expect, test } from '@playwright/test';
import { adminCredentials } from './fixtures/admin-session';
import { closeCatalogDb, findProduct } from './fixtures/catalog-db';
import {
  expectSecurityHeaders,
  headersThroughVarnish,
  waitForNextRouter,
  watchCspViolations,
} from './fixtures/security-headers';
import { cachedHtml } from './fixtures/storefront';
import { SHOP_HOST, varnishConfig } from './fixtures/varnish';

test.afterAll(closeCatalogDb);

test('storefront pages keep their ISR headers, add the security ones, and run their island with no CSP violation', async ({
  page,
  request,
}) => {
  const violations = await watchCspViolations(page);
  const product = await findProduct({ featured: true });
  const paths = ['/', `/categories/${product.categorySlugs[0] ?? ''}`, `/products/${product.slug}`];
  for (const path of paths) {
    await cachedHtml(request, path);
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    expectSecurityHeaders((await response?.headersArray()) ?? [], 'storefront', path);
    expect(response?.headers()['cache-control'], path).toMatch(/s-maxage=\d+/);
    expect(response?.headers()['x-nextjs-cache'], path).toBe('HIT');
    // No Next runtime: the island (a same-origin script) asked /api/cart for the count.
    await expect(page.locator('.cart-link'), path).toHaveAttribute('data-cart-count', /^\d+$/);
    expect(await page.evaluate(() => 'next' in window), path).toBe(false);
  }
  // The island took the picker over.
  await expect(page.locator('.variant-picker fieldset').first()).toHaveJSProperty('disabled', false);

  // Links are plain links between documents.
  await page.locator('nav.breadcrumbs a[href^="/categories/"]').first().click();
  await expect(page).toHaveURL(/\/categories\//);
  await page.locator('li.card a').first().click();
  await expect(page).toHaveURL(/\/products\//);
  await expect(page.locator('article.product h1')).toBeVisible();
  expect(violations).toEqual([]);
});

test('the dashboard sends its headers and works under the CSP: sign-in, product form, bulk preview', async ({
  page,
}) => {
  const violations = await watchCspViolations(page);
  const product = await findProduct({ offset: 3 });
  const login = await page.goto('/admin/login');
  expectSecurityHeaders((await login?.headersArray()) ?? [], 'admin', '/admin/login');
  await waitForNextRouter(page, violations);
  const { email, password } = adminCredentials();
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/admin');

  for (const path of ['/admin', `/admin/products/${product.id}`, '/admin/bulk', '/admin/purges']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    expectSecurityHeaders((await response?.headersArray()) ?? [], 'admin', path);
    await waitForNextRouter(page, violations);
    if (path.startsWith('/admin/products/')) {
      // Checked in the browser before anything is sent: nothing is saved.
      await page.getByLabel(`Price of ${product.variant.sku} (${product.variant.currency})`, { exact: true }).fill('x');
      await page.getByRole('button', { name: /Save/ }).click();
      await expect(page.getByText('Enter an amount like')).toBeVisible();
    }
    if (path === '/admin/bulk') {
      await page.locator('#value').fill('-10');
      await page.getByRole('button', { name: 'Preview' }).click();
      await expect(page.locator('.bulk-summary')).toBeVisible();
    }
  }
  expect(violations).toEqual([]);
});

test('API answers get the no-document policy', async ({ request }) => {
  const response = await request.get('/api/health');
  expectSecurityHeaders(response.headersArray(), 'api', '/api/health');
});

test('through Varnish, a cached page carries each security header once', async ({ request }) => {
  const varnish = varnishConfig();
  test.skip(!varnish, 'varnishd is not installed (Debian package `varnish`)');
  await cachedHtml(request, '/');
  for (let fetch = 0; fetch < 2; fetch += 1) {
    const headers = await headersThroughVarnish(varnish?.listenPort ?? 0, '/', SHOP_HOST);
    expectSecurityHeaders(headers, 'storefront', `/ through Varnish (${fetch === 0 ? 'first' : 'cached'})`);
  }
  const cached = await headersThroughVarnish(varnish?.listenPort ?? 0, '/', SHOP_HOST);
  expect(cached.find((h) => h.name === 'X-Edge-Cache')?.value).toBe('HIT');
});
