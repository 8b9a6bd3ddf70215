/**
 * axe-core's WCAG 2.1 A and AA rules on every kind of page shoppers and the shop owner use, on
 * the production build: 0 violations. Pages are checked as rendered and hydrated.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { logInAsAdmin } from './fixtures/admin-session';
import { catalogDb as db, closeCatalogDb, findProduct } from './fixtures/catalog-db';

test.afterAll(closeCatalogDb);

async function expectNoViolations(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  const { violations, passes } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  // The rules ran on a real page (a blank or error page would pass few).
  expect(passes.length, path).toBeGreaterThan(10);
  const described = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(described, path).toEqual([]);
}

test('storefront pages have no accessibility violations', async ({ page }) => {
  const product = await findProduct({ offset: 30 });
  const { rows } = await db().query<{ slug: string }>(
    `SELECT p.slug FROM "Product" p WHERE p.status = 'ACTIVE'
       AND (SELECT count(*) FROM "ProductOption" o WHERE o."productId" = p.id) = 2 ORDER BY p.id LIMIT 1`,
  );
  for (const path of [
    '/',
    `/categories/${product.categorySlugs[0]}`,
    `/categories/${product.categorySlugs[0]}/page/2`,
    `/products/${product.slug}`,
    `/products/${rows[0]?.slug}`,
    '/search?q=cotton',
    '/search?q=qqqnothingmatches',
    '/cart',
    '/no-such-page',
  ]) {
    await expectNoViolations(page, path);
  }
  // A cart with something in it.
  await page.goto(`/products/${product.slug}`);
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expectNoViolations(page, '/cart');
});

test('dashboard pages have no accessibility violations', async ({ page, baseURL }) => {
  await expectNoViolations(page, '/admin/login');
  await logInAsAdmin(page, baseURL ?? '');
  const product = await findProduct({ offset: 31 });
  const { rows } = await db().query<{ id: number }>(
    `INSERT INTO "Order" ("stripeSessionId", status, currency, "amountSubtotal", "amountTotal", flags, "flagDetail", "createdByEventId", "updatedAt")
     VALUES ($1, 'PAID', 'USD', 2500, 2500, ARRAY['OVERSOLD']::"OrderFlag"[], 'SKU-1: sold 2 with 1 in stock.', 'evt_a11y', now())
     RETURNING id`,
    [`cs_test_a11y_${Date.now()}`],
  );
  for (const path of [
    '/admin',
    `/admin/products/${product.id}`,
    '/admin/bulk',
    '/admin/purges',
    '/admin/webhooks',
    '/admin/orders',
    `/admin/orders/${rows[0]?.id}`,
  ]) {
    await expectNoViolations(page, path);
  }
});
