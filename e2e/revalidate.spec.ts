import { expect, test } from '@playwright/test';
import {
  closeCatalogDb,
  findProduct,
  insertProduct,
  removeVariants,
  setProductPrice,
  setProductStatus,
} from './fixtures/catalog-db';
import {
  cachedHtml,
  cardHtml,
  fetchPage,
  jsonLdOffers,
  pricesIn,
  purge,
  revalidateSecret,
} from './fixtures/storefront';
import { asServed, withPurgedDocuments } from './fixtures/purged-documents';
import { expectPrice, listingPageWith, pagesShowing } from './fixtures/storefront-pages';

test.afterAll(closeCatalogDb);

test('a price written to the database shows nowhere until purged, then everywhere, JSON-LD included', async ({
  request,
}) => {
  const product = await findProduct({ featured: true });
  const paths = await pagesShowing(request, product);
  expect(paths).toContain('/');
  const oldPrice = product.variant.price;
  const newPrice = oldPrice + 1234;

  await setProductPrice(product.id, newPrice);
  for (const path of paths) expectPrice(path, await cachedHtml(request, path), product.slug, oldPrice);

  const result = await purge(request, { products: [product.slug] });
  // Exactly the pages that show it (and the feed and sitemap built from them), not every page of its listings.
  expect(asServed(result.results.map((r) => r.path)).sort()).toEqual(withPurgedDocuments(paths).sort());

  for (const path of paths) {
    const html = await cachedHtml(request, path);
    expectPrice(path, html, product.slug, newPrice);
    expect(pricesIn(cardHtml(html, product.slug) ?? html)).not.toContain(oldPrice);
  }
  const offers = jsonLdOffers(await cachedHtml(request, `/products/${product.slug}`));
  expect(offers.every((offer) => offer.price === (newPrice / 100).toFixed(2))).toBe(true);
});

test("the seed's query form ?secret=&path= purges one page", async ({ request }) => {
  const product = await findProduct({ offset: 3 });
  const path = `/products/${product.slug}`;
  await cachedHtml(request, path);
  await setProductPrice(product.id, product.variant.price + 500);
  const response = await request.get(`/api/revalidate?secret=${revalidateSecret()}&path=${encodeURIComponent(path)}`);
  expect(response.status()).toBe(200);
  expectPrice(path, await cachedHtml(request, path), product.slug, product.variant.price + 500);
  await purge(request, { products: [product.slug] }); // its listings too: leave every page as the database is
});

test('a wrong or missing secret is refused with 401 and purges nothing', async ({ request }) => {
  const product = await findProduct({ offset: 5 });
  const path = `/products/${product.slug}`;
  const before = await cachedHtml(request, path);
  await setProductPrice(product.id, product.variant.price + 700);

  const attempts = [
    request.post('/api/revalidate', { data: { paths: [path] } }),
    request.post('/api/revalidate', {
      headers: { Authorization: 'Bearer wrong-secret-wrong-secret' },
      data: { paths: [path] },
    }),
    request.get(`/api/revalidate?secret=wrong&path=${encodeURIComponent(path)}`),
    request.get(`/api/revalidate?path=${encodeURIComponent(path)}`),
  ];
  for (const response of await Promise.all(attempts)) {
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({ message: 'Invalid token' });
  }
  expect(await cachedHtml(request, path)).toBe(before);
  await purge(request, { products: [product.slug] }); // leave its pages consistent with the database
});

test('invalid paths are refused with 400', async ({ request }) => {
  for (const path of ['products/x', '/admin', '/api/revalidate', '/products/../x']) {
    const response = await request.post('/api/revalidate', {
      headers: { Authorization: `Bearer ${revalidateSecret()}` },
      data: { paths: [path] },
    });
    expect(response.status(), path).toBe(400);
  }
});

test('an archived product answers 404 after the purge and leaves its category listing and home', async ({
  request,
}) => {
  const product = await findProduct({ featured: true, offset: 2 });
  expect((await fetchPage(request, '/')).html).toContain(`data-product-slug="${product.slug}"`);
  const [listing] = (await pagesShowing(request, product)).filter((p) => p.startsWith('/categories/'));
  expect(listing).toBeDefined();
  await setProductStatus(product.id, 'ARCHIVED');
  expect((await fetchPage(request, `/products/${product.slug}`)).status).toBe(200); // still static

  await purge(request, { products: [product.slug] });
  expect((await fetchPage(request, `/products/${product.slug}`)).status).toBe(404);
  for (const category of product.categorySlugs) {
    expect(await listingPageWith(request, category, product.slug), `${category} no longer lists it`).toBeUndefined();
  }
  expect(await cachedHtml(request, '/')).not.toContain(`data-product-slug="${product.slug}"`);
});

test('a product that was not pre-rendered is generated on first request and purged like the others', async ({
  request,
}) => {
  // Made after the build, so neither the build nor an earlier test can have rendered it.
  const slug = `e2e-after-build-${Date.now().toString(36)}`;
  const productId = await insertProduct({
    slug,
    title: 'Late lantern',
    description: 'Added after the build.',
    price: 4200,
  });
  const path = `/products/${slug}`;
  const first = await fetchPage(request, path);
  expect(first.status).toBe(200);
  expect(first.cache).not.toBe('HIT'); // rendered now, not at build time
  expectPrice(path, await cachedHtml(request, path), slug, 4200);

  await setProductPrice(productId, 5100);
  await purge(request, { products: [slug] });
  expectPrice(path, await cachedHtml(request, path), slug, 5100);
});

test('a failed regeneration answers 500 naming the path, and the last good page stays served', async ({ request }) => {
  const product = await findProduct({ offset: 9 });
  const listing = (await pagesShowing(request, product)).find((p) => p.startsWith('/categories/'));
  if (!listing) throw new Error('product has no listing');
  const before = await cachedHtml(request, listing);

  // A listed product without variants cannot be priced, so rendering its listing throws.
  const restoreVariants = await removeVariants(product.id);
  try {
    const response = await request.post('/api/revalidate', {
      headers: { Authorization: `Bearer ${revalidateSecret()}` },
      data: { paths: [listing] },
    });
    expect(response.status()).toBe(500);
    const body = (await response.json()) as { message: string };
    expect(body.message).toContain(listing);
    expect(await cachedHtml(request, listing)).toBe(before);
  } finally {
    await restoreVariants();
  }
});
