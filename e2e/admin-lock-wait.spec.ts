/**
 * A save that meets a row another change holds (a long bulk change, a webhook being applied)
 * stops waiting after the lock timeout and says so in the form: 503 with Retry-After, not a
 * 500 seconds later. Nothing is half-saved, and the same save succeeds once the row is free.
 */
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { logInAsAdmin } from './fixtures/admin-session';
import { catalogDb, closeCatalogDb, findProduct } from './fixtures/catalog-db';

test.afterAll(closeCatalogDb);

test('a save blocked by another change answers 503 with Retry-After, the form says to try again, and the retry saves', async ({
  page,
  baseURL,
}) => {
  const product = await findProduct({ featured: false, offset: 9 });
  await logInAsAdmin(page, baseURL ?? '');
  await page.goto(`/admin/products/${product.id}`);
  const newPrice = product.variant.price + 123;
  await page.getByLabel(`Price of ${product.variant.sku} (USD)`, { exact: true }).fill((newPrice / 100).toFixed(2));

  const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM "Product" WHERE id = $1 FOR UPDATE', [product.id]);
    const answer = page.waitForResponse((r) => r.url().includes(`/api/admin/products/${product.id}`));
    await page.getByRole('button', { name: /Save/ }).click();
    const response = await answer;
    expect(response.status()).toBe(503);
    expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
    await expect(page.locator('.form-error')).toContainText('Try again in a few seconds');
  } finally {
    await holder.query('ROLLBACK');
    await holder.end();
  }
  const { rows } = await catalogDb().query<{ price: number }>(`SELECT price FROM "Variant" WHERE sku = $1`, [
    product.variant.sku,
  ]);
  expect(rows[0]?.price).toBe(product.variant.price);

  await page.getByRole('button', { name: /Save/ }).click();
  await expect(page.locator('.purge-results h2')).toContainText('pages updated');
  const after = await catalogDb().query<{ price: number }>(`SELECT price FROM "Variant" WHERE sku = $1`, [
    product.variant.sku,
  ]);
  expect(after.rows[0]?.price).toBe(newPrice);
});
