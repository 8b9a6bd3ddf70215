import type { Page, Response } from '@playwright/test';
import { adminCredentials, logInAsAdmin } from './fixtures/admin-session';
import { closeCatalogDb, findProduct } from './fixtures/catalog-db';
import { cachedHtml } from './fixtures/storefront';
import { expect, test } from './fixtures/admins';

const SESSION_COOKIE = 'storefront_admin';

test.afterAll(closeCatalogDb);

/** Fills the login form and waits for the server's answer. */
async function submitLogInForm(page: Page, email: string, password: string): Promise<number> {
  return (await submitLogInFormFor(page, email, password)).status();
}

async function submitLogInFormFor(page: Page, email: string, password: string): Promise<Response> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/admin/login')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  return response;
}

function pathOf(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
}

test('without a session the dashboard redirects to the login page', async ({ page }) => {
  await page.goto('/admin');
  expect(pathOf(page)).toBe('/admin/login?next=%2Fadmin');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('admin APIs answer 401 without a session, and nothing changes', async ({ request, baseURL }) => {
  const product = await findProduct({ offset: 19 });
  const path = `/products/${product.slug}`;
  const before = await cachedHtml(request, path);
  const change = {
    version: 1,
    slug: product.slug,
    title: 'Hijacked',
    description: '',
    status: 'ACTIVE',
    featured: false,
    categoryIds: [],
    variants: [{ id: 1, price: 1, compareAtPrice: null, stock: 1 }],
  };
  const attempts = [
    request.put(`/api/admin/products/${product.id}`, { headers: { Origin: baseURL ?? '' }, data: change }),
    request.post('/api/admin/bulk-price/apply', {
      headers: { Origin: baseURL ?? '' },
      data: { target: { categoryId: 1 }, adjustment: { kind: 'percent', percent: -90 }, previewToken: 'A'.repeat(43) },
    }),
  ];
  // Without any Origin or Referer too: the session is checked first, so the answer is still 401.
  attempts.push(request.put(`/api/admin/products/${product.id}`, { data: change }));
  for (const response of await Promise.all(attempts)) expect(response.status()).toBe(401);
  expect((await findProduct({ offset: 19 })).variant).toEqual(product.variant);
  expect(await cachedHtml(request, path)).toBe(before);
});

test('signing in through the form lands on /admin with an httpOnly, SameSite=Lax cookie', async ({ page }) => {
  const { email, password } = adminCredentials();
  await page.goto('/admin');
  expect(await submitLogInForm(page, email, password)).toBe(200);
  await expect(page).toHaveURL((url) => url.pathname === '/admin' && url.search === '');
  await expect(page.getByRole('heading', { name: 'Products' })).toBeVisible();
  const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  // Signed in, the login page sends the admin straight on.
  await page.goto('/admin/login');
  expect(pathOf(page)).toBe('/admin');
});

test('after logging out the dashboard redirects to the login page again', async ({ page, baseURL }) => {
  await logInAsAdmin(page, baseURL ?? '');
  await page.goto('/admin');
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/admin/login');
  expect((await page.context().cookies()).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  await page.goto('/admin');
  expect(pathOf(page)).toBe('/admin/login?next=%2Fadmin');
});

test('after signing in the admin returns to the admin page asked for, never to another site', async ({
  page,
  baseURL,
}) => {
  const { email, password } = adminCredentials();
  await page.goto('/admin?search=jacket');
  expect(pathOf(page)).toBe('/admin/login?next=%2Fadmin%3Fsearch%3Djacket');
  await submitLogInForm(page, email, password);
  await expect(page).toHaveURL((url) => url.pathname === '/admin' && url.search === '?search=jacket');

  await page.context().clearCookies();
  for (const next of ['https://evil.example/admin', '//evil.example/admin', '/api/revalidate']) {
    await page.goto(`/admin/login?next=${encodeURIComponent(next)}`);
    await submitLogInForm(page, email, password);
    await expect(page).toHaveURL((url) => url.origin === new URL(baseURL ?? '').origin && url.pathname === '/admin');
    await page.context().clearCookies();
  }
});

test('repeated wrong passwords lock the account briefly, even against the right password', async ({ page, admins }) => {
  const admin = await admins.create('locked-out');
  await page.goto('/admin/login');
  const alert = page.locator('.login-box').getByRole('alert');
  for (let i = 0; i < 5; i++) {
    expect(await submitLogInForm(page, admin.email, `wrong password ${i}`)).toBe(401);
    await expect(alert).toHaveText('Email or password is incorrect.');
  }
  const refused = await submitLogInFormFor(page, admin.email, admin.password);
  expect(refused.status()).toBe(429);
  // The first block is 15 seconds (lib/admin/login-throttle-rules.ts), not a quarter of an hour.
  expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
  expect(Number(refused.headers()['retry-after'])).toBeLessThanOrEqual(15);
  await expect(alert).toHaveText(/^Too many failed sign-in attempts\. Try again in \d+ seconds?\.$/);
  expect(pathOf(page)).toBe('/admin/login');
});

test('a cross-site POST to the login API is refused and signs nobody in', async ({ request, admins }) => {
  const admin = await admins.create('cross-site');
  const response = await request.post('/api/admin/login', {
    headers: { Origin: 'http://evil.example' },
    data: { email: admin.email, password: admin.password },
  });
  expect(response.status()).toBe(403);
  expect(response.headers()['set-cookie']).toBeUndefined();
});

test('"Log out everywhere" ends a copied session in another browser', async ({ page, browser, admins, baseURL }) => {
  const admin = await admins.create('everywhere');
  const response = await page.request.post('/api/admin/login', {
    headers: { Origin: baseURL ?? '' },
    data: { email: admin.email, password: admin.password },
  });
  expect(response.status()).toBe(200);
  const copy = await browser.newContext({ baseURL });
  await copy.addCookies((await page.context().cookies()).filter((c) => c.name === SESSION_COOKIE));
  expect((await copy.request.get('/admin', { maxRedirects: 0 })).status()).toBe(200);

  await page.goto('/admin');
  await page.getByRole('button', { name: 'Log out everywhere' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/admin/login');
  const after = await copy.request.get('/admin', { maxRedirects: 0 });
  expect(after.status()).toBe(307);
  expect(after.headers()['location']).toContain('/admin/login');
  const api = await copy.request.post('/api/admin/bulk-price/preview', {
    headers: { Origin: baseURL ?? '' },
    data: { target: { productIds: [1] }, adjustment: { kind: 'percent', percent: -10 } },
  });
  expect(api.status()).toBe(401);
  await copy.close();
});
