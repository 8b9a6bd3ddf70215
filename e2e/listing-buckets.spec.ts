/**
 * Listing pages as position buckets, end to end: a product entering a listing (published in the
 * dashboard) or moved to its front queues at most 3 of that category's listing pages, read from
 * the outbox rows of the change, and afterwards every listing page of the category shows exactly
 * the products the database places there, in order (membership, not only prices).
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { logInAsAdminAt } from './fixtures/admin-session';
import { catalogDb, closeCatalogDb, productFormOf } from './fixtures/catalog-db';
import { fetchPage } from './fixtures/storefront';
import { verifyPrices } from './fixtures/verify-prices';

test.afterAll(closeCatalogDb);

const pathOf = (slug: string, page: number) =>
  page === 1 ? `/categories/${slug}` : `/categories/${slug}/page/${page}`;

/** A draft of the category with the most listing pages, and that category. */
async function draftInLongestListing() {
  const { rows } = await catalogDb().query<{ id: number; slug: string; categoryId: number; categorySlug: string }>(
    `SELECT p.id, p.slug, c.id AS "categoryId", c.slug AS "categorySlug"
       FROM "Product" p JOIN "ProductCategory" pc ON pc."productId" = p.id JOIN "Category" c ON c.id = pc."categoryId"
      WHERE p.status = 'DRAFT'
      ORDER BY (SELECT count(*) FROM "ListingPage" lp WHERE lp."categoryId" = c.id) DESC, p.id LIMIT 1`,
  );
  if (!rows[0]) throw new Error('the seed has no draft in a listing');
  return rows[0];
}

async function databaseNow(): Promise<Date> {
  const { rows } = await catalogDb().query<{ now: Date }>('SELECT now() AS now');
  return rows[0]?.now ?? new Date(0);
}

/** The category's listing pages a change queued: outbox rows it asked for since `since`. */
async function listingPagesQueuedSince(since: Date, categorySlug: string): Promise<string[]> {
  const { rows } = await catalogDb().query<{ path: string }>(
    `SELECT path FROM "PagePurge" WHERE "changedAt" >= $1 AND (path = $2 OR path LIKE $2 || '/page/%') ORDER BY path`,
    [since, `/categories/${categorySlug}`],
  );
  return rows.map((row) => row.path);
}

/** Each listing page's products as the database places them: by bucket, in listing order. */
async function placedPages(categoryId: number): Promise<string[][]> {
  const { rows } = await catalogDb().query<{ page: number; slugs: string[] }>(
    `SELECT lp.number AS page,
        ARRAY(SELECT p.slug FROM "ProductCategory" pc JOIN "Product" p ON p.id = pc."productId" AND p.status = 'ACTIVE'
               WHERE pc."categoryId" = lp."categoryId"
                 AND listing_page_of(pc."categoryId", pc.position, pc."productId") = lp.number
               ORDER BY pc.position, pc."productId") AS slugs
       FROM "ListingPage" lp WHERE lp."categoryId" = $1 ORDER BY lp.number`,
    [categoryId],
  );
  return rows.map((row) => row.slugs);
}

async function expectListingAsPlaced(request: APIRequestContext, categoryId: number, categorySlug: string) {
  const placed = await placedPages(categoryId);
  expect(placed.length).toBeGreaterThan(0);
  for (const [i, slugs] of placed.entries()) {
    const page = await fetchPage(request, pathOf(categorySlug, i + 1));
    expect(page.status, pathOf(categorySlug, i + 1)).toBe(200);
    const shown = [...page.html.matchAll(/data-product-slug="([^"]+)"/g)].map((m) => m[1]);
    expect(shown, pathOf(categorySlug, i + 1)).toEqual(slugs);
  }
  expect((await fetchPage(request, pathOf(categorySlug, placed.length + 1))).status).toBe(404);
}

test('a product entering a listing, then moved to its front, queues at most 3 of its pages; every page shows what the database places there', async ({
  request,
  baseURL,
}) => {
  const origin = baseURL ?? '';
  const product = await draftInLongestListing();
  const { rows } = await catalogDb().query<{ position: number }>(
    `SELECT position FROM "ProductCategory" WHERE "productId" = $1 AND "categoryId" = $2`,
    [product.id, product.categoryId],
  );
  const originalPosition = rows[0]?.position ?? 0;
  await logInAsAdminAt(request, origin);
  await expectListingAsPlaced(request, product.categoryId, product.categorySlug); // every page rendered and cached

  const publishedAt = await databaseNow();
  const publish = await request.put(`/api/admin/products/${product.id}`, {
    headers: { Origin: origin },
    data: { ...(await productFormOf(product.id)), status: 'ACTIVE' },
  });
  expect(publish.status(), await publish.text()).toBe(200);
  const entered = await listingPagesQueuedSince(publishedAt, product.categorySlug);
  expect(entered.length).toBeGreaterThan(0);
  expect(entered.length).toBeLessThanOrEqual(3);
  await expectListingAsPlaced(request, product.categoryId, product.categorySlug);

  const movedAt = await databaseNow();
  const move = await request.post(`/api/admin/products/${product.id}/move-to-front`, {
    headers: { Origin: origin },
    data: { categoryId: product.categoryId },
  });
  expect(move.status(), await move.text()).toBe(200);
  const moved = await listingPagesQueuedSince(movedAt, product.categorySlug);
  expect(moved).toContain(`/categories/${product.categorySlug}`);
  expect(moved.length).toBeLessThanOrEqual(3);
  await expectListingAsPlaced(request, product.categoryId, product.categorySlug);
  expect((await placedPages(product.categoryId))[0]?.[0]).toBe(product.slug);

  // The operators' check agrees: every card on the page the database places it.
  const check = verifyPrices(origin, ['--category', product.categorySlug]);
  expect(check.ok, check.output).toBe(true);

  // Leave the shop as the seed made it: a draft again (its pages purged), then its old position
  // (a draft's position shows on no page).
  const unpublish = await request.put(`/api/admin/products/${product.id}`, {
    headers: { Origin: origin },
    data: { ...(await productFormOf(product.id)), status: 'DRAFT' },
  });
  expect(unpublish.status(), await unpublish.text()).toBe(200);
  await catalogDb().query(`UPDATE "ProductCategory" SET position = $3 WHERE "productId" = $1 AND "categoryId" = $2`, [
    product.id,
    product.categoryId,
    originalPosition,
  ]);
  await expectListingAsPlaced(request, product.categoryId, product.categorySlug);
});

test('moving to the front is an admin action: refused without a session, 422 for a bad body', async ({
  playwright,
  baseURL,
}) => {
  const origin = baseURL ?? '';
  const product = await draftInLongestListing();
  const anonymous = await playwright.request.newContext({ baseURL: origin });
  const refused = await anonymous.post(`/api/admin/products/${product.id}/move-to-front`, {
    headers: { Origin: origin },
    data: { categoryId: product.categoryId },
  });
  expect(refused.status()).toBe(401);
  await logInAsAdminAt(anonymous, origin);
  const crossSite = await anonymous.post(`/api/admin/products/${product.id}/move-to-front`, {
    headers: { Origin: 'https://evil.example' },
    data: { categoryId: product.categoryId },
  });
  expect(crossSite.status()).toBe(403);
  const invalid = await anonymous.post(`/api/admin/products/${product.id}/move-to-front`, {
    headers: { Origin: origin },
    data: { categoryId: 'first' },
  });
  expect([400, 422]).toContain(invalid.status());
  await anonymous.dispose();
});
