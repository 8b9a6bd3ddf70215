/**
 * A page that fails to regenerate after a save is shown as failed in the product form, with
 * the reason, and never as updated. A page still queued when the save answers (another worker
 * holds it) is shown as queued, then as updated once it is regenerated.
 */
import { expect, test } from '@playwright/test';
import { logInAsAdmin } from './fixtures/admin-session';
import {
  catalogDb,
  closeCatalogDb,
  findProduct,
  listingPathsOf,
  productIdOf,
  removeVariants,
} from './fixtures/catalog-db';
import { cachedHtml, fetchPage, pricesIn, purge } from './fixtures/storefront';

test.afterAll(closeCatalogDb);

test('a listing page that fails to regenerate is listed as failed after a save, with the reason', async ({
  page,
  request,
  baseURL,
}) => {
  // `broken` will make its listing page fail; `edited` is another product on that same page.
  const broken = await findProduct({ offset: 23 });
  const [listing] = await listingPathsOf(broken.id);
  if (!listing) throw new Error(`${broken.slug} is in no category`);
  const html = await cachedHtml(request, listing);
  const slugs = [...html.matchAll(/data-product-slug="([^"]+)"/g)].map((m) => m[1] ?? '');
  const editedSlug = slugs.find((slug) => slug !== broken.slug);
  if (!editedSlug) throw new Error(`${listing} lists no other product`);
  const edited = { id: await productIdOf(editedSlug), slug: editedSlug };
  expect(await listingPathsOf(edited.id)).toContain(listing);

  await logInAsAdmin(page, baseURL ?? '');
  await page.goto(`/admin/products/${edited.id}`);
  // A listed product without variants cannot be priced, so rendering its listing throws.
  const restoreVariants = await removeVariants(broken.id);
  try {
    const price = page.locator('input[aria-label^="Price of "]').first();
    await price.fill((Number(await price.inputValue()) + 1.23).toFixed(2));
    await page.getByRole('button', { name: /Save/ }).click();
    const results = page.locator('.purge-results');
    await expect(results).toHaveClass(/purge-failed/);
    await expect(results.locator('h2')).toContainText('failed to update');
    await expect(results.locator('h2')).not.toContainText('pages updated');
    const row = results.locator(`li[data-path="${listing}"]`);
    await expect(row).toHaveAttribute('data-ok', 'false');
    await expect(row.locator('.status')).toHaveText('✗ failed');
    await expect(row.locator('.reason')).toContainText(listing);
    await expect(row).not.toContainText('updated');
    // The product's own page did regenerate, and says so.
    await expect(results.locator(`li[data-path="/products/${edited.slug}"]`)).toHaveAttribute('data-ok', 'true');
  } finally {
    await restoreVariants();
  }
  await purge(request, { products: [edited.slug, broken.slug] }); // leave the pages as the database is
});

test('a page still queued when the save answers turns to updated in the form once it is regenerated', async ({
  page,
  request,
  baseURL,
}) => {
  const product = await findProduct({ offset: 31 });
  const path = `/products/${product.slug}`;
  await cachedHtml(request, path);
  // Another worker holds the page's outbox row, as a busy worker does in a split deployment.
  const holdRow = () =>
    catalogDb().query(
      `INSERT INTO "PagePurge" (path, "claimedUntil") VALUES ($1, now() + interval '60 seconds')
       ON CONFLICT (path) DO UPDATE SET status = 'PENDING', "claimedUntil" = now() + interval '60 seconds'`,
      [path],
    );
  await holdRow();
  await logInAsAdmin(page, baseURL ?? '');
  await page.goto(`/admin/products/${product.id}`);
  const price = page.locator('input[aria-label^="Price of "]').first();
  const newPrice = Math.round((Number(await price.inputValue()) + 2.34) * 100);
  await price.fill((newPrice / 100).toFixed(2));
  await page.getByRole('button', { name: /Save/ }).click();
  const row = page.locator(`.purge-results li[data-path="${path}"]`);
  await expect(row).toHaveAttribute('data-status', 'queued');
  await expect(row.locator('.status')).toHaveText('… queued');

  // The other worker lets go: the drainer regenerates the page, and the form, without a reload, says so.
  await catalogDb().query(`UPDATE "PagePurge" SET "claimedUntil" = NULL WHERE path = $1`, [path]);
  await expect(row).toHaveAttribute('data-status', 'updated', { timeout: 20_000 });
  await expect(row.locator('.status')).toHaveText('✓ updated');
  expect(pricesIn((await fetchPage(request, path)).html)).toContain(newPrice);
});
