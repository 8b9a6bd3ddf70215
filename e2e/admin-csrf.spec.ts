/**
 * CSRF: a signed-in admin's browser sending a state-changing admin request from another site,
 * with neither Origin nor Referer, or with an X-Forwarded-Host no trusted proxy wrote, is refused
 * with 403 and nothing changes. Each refused request is a valid one: the same request from the
 * shop's own origin succeeds at the end.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { logInAsAdmin } from './fixtures/admin-session';
import { finishedBulkJob } from './fixtures/bulk-jobs';
import { closeCatalogDb, findProduct, productFormOf, variantPricesOf } from './fixtures/catalog-db';
import { cachedHtml, pricesIn } from './fixtures/storefront';

test.afterAll(closeCatalogDb);

const CROSS_SITE: Record<string, string>[] = [
  { Origin: 'https://evil.example' },
  { Referer: 'https://evil.example/page' },
  {},
  // The suite runs without a trusted proxy (TRUSTED_PROXY_HOPS=0): a forged X-Forwarded-Host
  // must not make another site's Origin look like ours.
  { Origin: 'https://evil.example', 'X-Forwarded-Host': 'evil.example' },
];

interface Mutation {
  name: string;
  send: (request: APIRequestContext, headers: Record<string, string>) => Promise<{ status: () => number }>;
}

test("a signed-in admin's cross-site or origin-less PUT and bulk apply are refused with 403; nothing changes", async ({
  page,
  request,
  baseURL,
}) => {
  const origin = baseURL ?? '';
  const product = await findProduct({ offset: 21 });
  const path = `/products/${product.slug}`;
  const pageBefore = await cachedHtml(request, path);
  const pricesBefore = await variantPricesOf(product.id);
  await logInAsAdmin(page, origin);

  const form = await productFormOf(product.id);
  const save = { ...form, variants: form.variants.map((v) => ({ ...v, price: v.price + 300, compareAtPrice: null })) };
  const bulk = { target: { productIds: [product.id] }, adjustment: { kind: 'fixed', amountMinor: 700 } };
  const preview = await page.request.post('/api/admin/bulk-price/preview', { headers: { Origin: origin }, data: bulk });
  expect(preview.status()).toBe(200);
  const { previewToken } = (await preview.json()) as { previewToken: string };
  const apply = { ...bulk, previewToken };

  const mutations: Mutation[] = [
    { name: 'PUT product', send: (r, headers) => r.put(`/api/admin/products/${product.id}`, { headers, data: save }) },
    { name: 'bulk apply', send: (r, headers) => r.post('/api/admin/bulk-price/apply', { headers, data: apply }) },
  ];
  for (const mutation of mutations) {
    for (const headers of CROSS_SITE) {
      const response = await mutation.send(page.request, headers);
      expect(response.status(), `${mutation.name} with ${JSON.stringify(headers)}`).toBe(403);
    }
  }
  expect(await variantPricesOf(product.id)).toEqual(pricesBefore);
  expect((await productFormOf(product.id)).version).toBe(form.version);
  expect(await cachedHtml(request, path)).toBe(pageBefore);

  // The same requests from the shop's own pages go through: the 403s were the origin check's.
  const applied = await page.request.post('/api/admin/bulk-price/apply', { headers: { Origin: origin }, data: apply });
  expect(applied.status()).toBe(202); // the job is created; it runs in the background
  const { job } = (await applied.json()) as { job: { id: number } };
  expect((await finishedBulkJob(page.request, origin, job.id)).status).toBe('DONE');
  const fresh = await productFormOf(product.id);
  const saved = await page.request.put(`/api/admin/products/${product.id}`, {
    headers: { Origin: origin },
    data: { ...save, version: fresh.version },
  });
  expect(saved.status()).toBe(200);
  expect(pricesIn(await cachedHtml(request, path))).toContain((pricesBefore[0] ?? 0) + 300);
});
