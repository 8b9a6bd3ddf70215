/**
 * Listing pages as position buckets, end to end, on a category of 5 pages made for the spec and
 * cut by the shop's own background rebalance: a product entering the listing (published in the
 * dashboard) or moved to its front queues at most 3 of its listing pages, read from the outbox
 * rows of the change, and afterwards every listing page shows exactly the products the database
 * places there, in order (membership, not only prices).
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { logInAsAdminAt } from './fixtures/admin-session';
import { catalogDb, closeCatalogDb, productFormOf } from './fixtures/catalog-db';
import { fetchPage, purge } from './fixtures/storefront';
import { verifyPrices } from './fixtures/verify-prices';
import { askedSince } from './fixtures/outbox';

test.afterAll(closeCatalogDb);

const pathOf = (slug: string, page: number) =>
  page === 1 ? `/categories/${slug}` : `/categories/${slug}/page/${page}`;

const PREFIX = `lbk-${Date.now().toString(36)}`;
const PAGE_SIZE = Number(process.env.CATEGORY_PAGE_SIZE ?? 24);
const PAGES = 5;

interface Fixture {
  categoryId: number;
  categorySlug: string;
  /** A draft placed before every listed product: published, it enters page 1. */
  draft: { id: number; slug: string };
  /** The last listed product (on the last page). */
  last: { id: number; slug: string };
}
let fixture: Fixture;

/**
 * A category of its own with PAGES pages' worth of active products, written as an outside writer
 * would, then cut into pages by the running shop's own background rebalance: asked for, and waited
 * for until the worker took the request.
 */
async function makeLongListing(): Promise<Fixture> {
  const db = catalogDb();
  const categorySlug = `${PREFIX}-cat`;
  const { rows: made } = await db.query<{ id: number }>(
    `INSERT INTO "Category" (slug, name, position, "updatedAt") VALUES ($1, 'Listing buckets', 999, now()) RETURNING id`,
    [categorySlug],
  );
  const categoryId = made[0]?.id ?? 0;
  await db.query(
    `WITH made AS (
       INSERT INTO "Product" (slug, title, status, "updatedAt")
       SELECT $1 || '-' || n, 'Bucket item ' || n, CASE WHEN n = 0 THEN 'DRAFT' ELSE 'ACTIVE' END::"ProductStatus", now()
       FROM generate_series(0, $2::int) AS n RETURNING id, substring(slug FROM length($1) + 2)::int AS n),
     variants AS (
       INSERT INTO "Variant" ("productId", sku, title, price, currency, stock, "updatedAt")
       SELECT id, upper($1) || '-' || n, 'Default', 1000 + n, 'USD', 5, now() FROM made RETURNING 1)
     INSERT INTO "ProductCategory" ("productId", "categoryId", position)
     SELECT id, $3, CASE WHEN n = 0 THEN 5 ELSE n * 10 END FROM made`,
    [PREFIX, PAGES * PAGE_SIZE, categoryId],
  );
  await db.query(`INSERT INTO "ListingRebalance" ("categoryId") VALUES ($1)`, [categoryId]);
  await expect
    .poll(
      async () => (await db.query(`SELECT 1 FROM "ListingRebalance" WHERE "categoryId" = $1`, [categoryId])).rowCount,
      {
        timeout: 30_000,
      },
    )
    .toBe(0);
  const ids = await db.query<{ id: number; slug: string }>(
    `SELECT id, slug FROM "Product" WHERE slug IN ($1, $2) ORDER BY slug = $1 DESC`,
    [`${PREFIX}-0`, `${PREFIX}-${PAGES * PAGE_SIZE}`],
  );
  const [draft, last] = ids.rows;
  if (!draft || !last) throw new Error('the long listing was not made');
  return { categoryId, categorySlug, draft, last };
}

test.beforeAll(async () => {
  fixture = await makeLongListing();
});

test.afterAll(async ({ request }) => {
  await catalogDb().query(`DELETE FROM "Product" WHERE slug LIKE $1 || '-%'`, [PREFIX]);
  await catalogDb().query(`DELETE FROM "Category" WHERE id = $1`, [fixture.categoryId]);
  // Its pages answer 404 from now on, and the documents forget its products.
  const paths = Array.from({ length: PAGES + 1 }, (_, i) => pathOf(fixture.categorySlug, i + 1));
  await purge(request, { paths: [...paths, '/feeds/google.xml'] });
});

async function databaseNow(): Promise<Date> {
  const { rows } = await catalogDb().query<{ now: Date }>('SELECT now() AS now');
  return rows[0]?.now ?? new Date(0);
}

/** The category's listing pages a change queued: outbox rows it asked for since `since`. */
async function listingPagesQueuedSince(since: Date, categorySlug: string): Promise<string[]> {
  return askedSince(since, `/categories/${categorySlug}`, '/page/', { changes: true });
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

test('the background rebalance cut the listing into even pages', async () => {
  const pages = await placedPages(fixture.categoryId);
  expect(pages.map((slugs) => slugs.length)).toEqual(Array.from({ length: PAGES }, () => PAGE_SIZE));
});

test('a product entering a listing, then moved to its front, queues at most 3 of its pages; every page shows what the database places there', async ({
  request,
  baseURL,
}) => {
  const origin = baseURL ?? '';
  const { categoryId, categorySlug, draft, last } = fixture;
  await logInAsAdminAt(request, origin);
  await expectListingAsPlaced(request, categoryId, categorySlug); // every page rendered and cached

  // Enters before every other product: with OFFSET pages all 5 pages would shift, here only page 1 changes.
  const publishedAt = await databaseNow();
  const publish = await request.put(`/api/admin/products/${draft.id}`, {
    headers: { Origin: origin },
    data: { ...(await productFormOf(draft.id)), status: 'ACTIVE' },
  });
  expect(publish.status(), await publish.text()).toBe(200);
  expect(await listingPagesQueuedSince(publishedAt, categorySlug)).toEqual([pathOf(categorySlug, 1)]);
  await expectListingAsPlaced(request, categoryId, categorySlug);

  // The last product to the front: its old page (the last) and page 1.
  const movedAt = await databaseNow();
  const move = await request.post(`/api/admin/products/${last.id}/move-to-front`, {
    headers: { Origin: origin },
    data: { categoryId },
  });
  expect(move.status(), await move.text()).toBe(200);
  expect(await listingPagesQueuedSince(movedAt, categorySlug)).toEqual(
    [pathOf(categorySlug, 1), pathOf(categorySlug, PAGES)].sort(),
  );
  await expectListingAsPlaced(request, categoryId, categorySlug);
  expect((await placedPages(categoryId))[0]?.slice(0, 2)).toEqual([last.slug, draft.slug]);

  // The operators' check agrees: every card on the page the database places it.
  const check = verifyPrices(origin, ['--category', categorySlug]);
  expect(check.ok, check.output).toBe(true);
});

test('moving to the front is an admin action: refused without a session, 422 for a bad body', async ({
  playwright,
  baseURL,
}) => {
  const origin = baseURL ?? '';
  const product = { id: fixture.draft.id, categoryId: fixture.categoryId };
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
