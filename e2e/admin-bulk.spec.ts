/**
 * Issue proof 2: a bulk change of one category by -10 % reaches every product page of the
 * category and every page of its listing, and the audit log has one row per changed variant.
 * The change runs as a job: the page shows its progress and then "done"; its pages are
 * regenerated through the outbox by the drainer, so the checks wait for them to converge.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { catalogDb as db, closeCatalogDb } from './fixtures/catalog-db';
import { adminCredentials, logInAsAdmin } from './fixtures/admin-session';
import { cardHtml, fetchPage, pricesIn } from './fixtures/storefront';

interface VariantRow {
  id: number;
  slug: string;
  status: string;
  price: number;
  compareAtPrice: number | null;
}

test.afterAll(closeCatalogDb);

/** The seeded category with the most listed products, so its listing spans several pages. */
async function largestCategory(): Promise<{ id: number; slug: string }> {
  const { rows } = await db().query<{ id: number; slug: string }>(
    `SELECT c.id, c.slug FROM "Category" c JOIN "ProductCategory" pc ON pc."categoryId" = c.id
       JOIN "Product" p ON p.id = pc."productId" AND p.status = 'ACTIVE'
      GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1`,
  );
  if (!rows[0]) throw new Error('the seed has no category with active products');
  return rows[0];
}

/** Every variant of the category's non-archived products, in the order product cards pick from. */
async function variantsOf(categoryId: number): Promise<VariantRow[]> {
  const { rows } = await db().query<VariantRow>(
    `SELECT v.id, p.slug, p.status, v.price, v."compareAtPrice"
       FROM "Variant" v JOIN "Product" p ON p.id = v."productId"
      WHERE p.status IN ('ACTIVE', 'DRAFT')
        AND p.id IN (SELECT "productId" FROM "ProductCategory" WHERE "categoryId" = $1)
      ORDER BY p.id, v.position, v.id`,
    [categoryId],
  );
  return rows;
}

async function lastAuditId(): Promise<number> {
  const { rows } = await db().query<{ max: number | null }>(`SELECT max(id) AS max FROM "PriceChange"`);
  return rows[0]?.max ?? 0;
}

function bySlug(variants: VariantRow[]): Map<string, VariantRow[]> {
  const map = new Map<string, VariantRow[]>();
  for (const v of variants.filter((row) => row.status === 'ACTIVE')) map.set(v.slug, [...(map.get(v.slug) ?? []), v]);
  return map;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

const pricesOf = (v: VariantRow) => (v.compareAtPrice === null ? [v.price] : [v.price, v.compareAtPrice]);

/**
 * Every price a product page shows: each variant's price and compare-at price, and those of the
 * variant the option picker shows as chosen (`data-chosen-variant`), which must be one of them.
 */
function productPagePrices(variants: VariantRow[], html: string): number[] {
  const chosenId = Number(/data-chosen-variant="(\d+)"/.exec(html)?.[1]);
  const chosen = variants.find((v) => v.id === chosenId);
  expect(chosen, 'the picker shows one of the product’s variants').toBeDefined();
  return sorted([...variants.flatMap(pricesOf), ...(chosen ? pricesOf(chosen) : [])]);
}

/** A card shows its cheapest variant (the first by position among equals) and that one's compare-at. */
function cardPrices(variants: VariantRow[]): number[] {
  const cheapest = [...variants].sort((a, b) => a.price - b.price)[0];
  if (!cheapest) return [];
  return cheapest.compareAtPrice === null ? [cheapest.price] : [cheapest.price, cheapest.compareAtPrice];
}

/** Walks the listing through its "Next" links; returns each page's path and HTML. */
async function listingPages(request: APIRequestContext, categorySlug: string) {
  const pages: { path: string; html: string }[] = [];
  let path: string | undefined = `/categories/${categorySlug}`;
  while (path && pages.length < 50) {
    const page = await fetchPage(request, path);
    expect(page.status, path).toBe(200);
    pages.push({ path, html: page.html });
    path = /<a rel="next" href="([^"]+)"/.exec(page.html)?.[1];
  }
  return pages;
}

/** Checks every product page and every listing page of the category against `variants`. */
async function expectPagesShow(request: APIRequestContext, categorySlug: string, variants: VariantRow[]) {
  const products = bySlug(variants);
  for (const [slug, rows] of products) {
    const page = await fetchPage(request, `/products/${slug}`);
    expect(page.status, slug).toBe(200);
    expect(sorted(pricesIn(page.html)), `/products/${slug}`).toEqual(productPagePrices(rows, page.html));
  }
  const listing = await listingPages(request, categorySlug);
  expect(listing.length, 'the chosen category spans several listing pages').toBeGreaterThan(1);
  const listed: string[] = [];
  for (const { path, html } of listing) {
    for (const [, slug = ''] of html.matchAll(/data-product-slug="([^"]+)"/g)) {
      listed.push(slug);
      expect(pricesIn(cardHtml(html, slug) ?? ''), `${slug} on ${path}`).toEqual(cardPrices(products.get(slug) ?? []));
    }
  }
  expect(listed.length, 'no product is listed twice').toBe(new Set(listed).size);
  expect(new Set(listed), 'every active product is listed').toEqual(new Set(products.keys()));
}

/** Variant id → new price of every preview row, page after page (the preview shows 100 rows a page). */
async function previewedPrices(page: Page): Promise<[number, number][]> {
  const rows: [number, number][] = [];
  for (let pageNumber = 1; ; pageNumber += 1) {
    if (pageNumber > 1) await expect(page.locator('.bulk-preview-pager')).toContainText(`Page ${pageNumber} of`);
    const shown = await page
      .locator('.bulk-preview tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr): [number, number] => [
          Number(tr.getAttribute('data-variant-id')),
          Number(tr.querySelector('[data-new-price-minor]')?.getAttribute('data-new-price-minor')),
        ]),
      );
    rows.push(...shown);
    const next = page.locator('.bulk-preview-pager').getByRole('button', { name: 'Next' });
    if ((await next.count()) === 0 || (await next.isDisabled())) return rows;
    await next.click();
  }
}

test('a category lowered by 10 %: every product and listing page shows the new prices, each change audited', async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const category = await largestCategory();
  const before = await variantsOf(category.id);
  // Render and cache every page first, so only the purge can make them show the new prices.
  await expectPagesShow(request, category.slug, before);
  const auditFrom = await lastAuditId();

  await logInAsAdmin(page, baseURL ?? '');
  await page.goto('/admin/bulk');
  await page.getByLabel('Category').selectOption(String(category.id));
  await page.getByLabel('By percentage').check();
  await page.getByLabel('Change in %').fill('-10');
  await expect(page.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await page.getByRole('button', { name: 'Preview' }).click();

  // -10 %, half away from zero: for positive integers that is Math.round(price * 0.9).
  const expected = new Map(before.map((v) => [v.id, Math.round((v.price * 9) / 10)]));
  const changed = before.filter((v) => expected.get(v.id) !== v.price);
  await expect(page.locator('.bulk-summary')).toContainText(`${changed.length} of ${before.length} prices`);
  expect(new Map(await previewedPrices(page))).toEqual(expected);

  await page.getByRole('button', { name: 'Apply' }).click();
  const job = page.locator('.bulk-job');
  await expect(job.locator('progress')).toBeVisible();
  await expect(job).toHaveAttribute('data-status', 'DONE');
  await expect(job.locator('.bulk-applied')).toHaveText(`${changed.length} prices changed.`);
  await expect(job.locator('.bulk-job-counts')).toContainText(`${changed.length} of ${changed.length} prices`);
  await expect(page.getByRole('button', { name: 'Apply' })).toBeDisabled();

  const after = await variantsOf(category.id);
  expect(new Map(after.map((v) => [v.id, v.price]))).toEqual(expected);
  // The drainer regenerates the job's pages from the outbox within seconds.
  await expect(() => expectPagesShow(request, category.slug, after)).toPass({ timeout: 60_000 });

  const { rows: audit } = await db().query<{ variantId: number; oldPrice: number; newPrice: number }>(
    `SELECT "variantId", "oldPrice", "newPrice" FROM "PriceChange"
      WHERE id > $1 AND source = 'ADMIN' AND actor = $2 ORDER BY "variantId"`,
    [auditFrom, adminCredentials().email],
  );
  expect(audit).toEqual(
    changed
      .map((v) => ({ variantId: v.id, oldPrice: v.price, newPrice: expected.get(v.id) }))
      .sort((a, b) => a.variantId - b.variantId),
  );
});

test('applying a preview that went stale answers 409 and asks for a new preview', async ({ page, baseURL }) => {
  const category = await largestCategory();
  await logInAsAdmin(page, baseURL ?? '');
  await page.goto('/admin/bulk');
  await page.getByLabel('Category').selectOption(String(category.id));
  await page.getByLabel('By fixed amount').check();
  await page.getByLabel('Change in USD').fill('0.01');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.locator('.bulk-summary')).toBeVisible();
  const [first] = await variantsOf(category.id);
  // As another writer would: any save of a variant moves its version.
  await db().query(`UPDATE "Variant" SET version = version + 1 WHERE id = $1`, [first?.id]);

  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator('.conflict')).toContainText('Prices changed since the preview');
  expect((await variantsOf(category.id)).find((v) => v.id === first?.id)?.price).toBe(first?.price);
});

test('an invalid change shows an error next to the field', async ({ page, baseURL }) => {
  await logInAsAdmin(page, baseURL ?? '');
  await page.goto('/admin/bulk');
  await page.getByLabel('Change in %').fill('-95');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.locator('.field-error')).toContainText('At least -90');
  await page.getByLabel('Change in %').fill('ten');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.locator('.field-error')).toContainText('Enter a percentage');
});

test('products selected on the list get the bulk change, and no others', async ({ page, request, baseURL }) => {
  await logInAsAdmin(page, baseURL ?? '');
  await page.goto('/admin?status=ACTIVE');
  const ids = await page
    .locator('table tbody tr')
    .evaluateAll((rows) => rows.slice(0, 3).map((tr) => Number(tr.getAttribute('data-product-id'))));
  const [first, second, untouched] = ids;
  if (!first || !second || !untouched) throw new Error('the list shows fewer than 3 active products');
  const variantsOfProducts = async (productIds: number[]) =>
    (
      await db().query<{ id: number; productId: number; slug: string; price: number }>(
        `SELECT v.id, v."productId", p.slug, v.price FROM "Variant" v JOIN "Product" p ON p.id = v."productId"
          WHERE p.id = ANY($1::int[]) ORDER BY v.id`,
        [productIds],
      )
    ).rows;
  const selected = await variantsOfProducts([first, second]);
  const bystanderBefore = await variantsOfProducts([untouched]);

  for (const id of [first, second]) await page.locator(`tr[data-product-id="${id}"] input[type="checkbox"]`).check();
  await page.getByRole('button', { name: 'Change prices of selected' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/admin/bulk');
  expect(new URL(page.url()).searchParams.getAll('products').map(Number)).toEqual([first, second]);
  await expect(page.locator('.bulk-selection li')).toHaveCount(2);

  await page.getByLabel('Change in %').fill('-10');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.locator('.bulk-summary')).toContainText(`of ${selected.length} prices`);
  const previewed = await page
    .locator('.bulk-preview tbody tr')
    .evaluateAll((rows) => rows.map((tr) => Number(tr.getAttribute('data-variant-id'))));
  expect(sorted(previewed)).toEqual(sorted(selected.map((v) => v.id)));
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator('.bulk-job')).toHaveAttribute('data-status', 'DONE');

  const after = await variantsOfProducts([first, second]);
  expect(after.map((v) => v.price)).toEqual(selected.map((v) => Math.round((v.price * 9) / 10)));
  expect(await variantsOfProducts([untouched])).toEqual(bystanderBefore);
  await expect(async () => {
    for (const v of after) {
      const html = (await fetchPage(request, `/products/${v.slug}`)).html;
      expect(pricesIn(html), v.slug).toContain(v.price);
    }
  }).toPass({ timeout: 60_000 });
});
