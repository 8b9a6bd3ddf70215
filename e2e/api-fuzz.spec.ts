/**
 * A fuzz pass over every API route and every admin page that reads an id from its URL: wrong
 * methods, then a few hundred generated requests per route (broken JSON, wrong types, numbers
 * past int4 and doubles, 100k-character strings, deep nesting, odd bytes and content types),
 * each sent anonymously and authenticated. No answer may be a 5xx, anonymous ones must be refused
 * at the gate, and the catalog and the webhook inbox must be exactly as before.
 * Seeded: FUZZ_SEED=<n> replays a pass (each failure prints it); FUZZ_RUNS sets the requests per case.
 */
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { adminCredentials } from './fixtures/admin-session';
import { expect, test, type AdminFactory } from './fixtures/admins';
import { ADMIN_PAGES, API_ROUTES, type ApiRoute, type HttpMethod } from './fixtures/api-fuzz-routes';
import { closeCatalogDb } from './fixtures/catalog-db';
import { authHeaders, type Credentials, type HeaderFuzz, type Mode } from './fixtures/fuzz-auth';
import { fuzzCases, send, urlOfRouteFile, type FuzzCase } from './fixtures/fuzz-cases';
import { judgeAnswer, judgePage } from './fixtures/fuzz-checks';
import {
  catalogChecksum,
  deleteDeliveriesAfter,
  inboxSettled,
  lastDeliveryId,
  restoreLoginLimits,
  snapshotLoginLimits,
} from './fixtures/fuzz-db';
import { NO_ROW } from './fixtures/fuzz-values';
import { assertNoDelivery } from './fixtures/fuzz-webhooks';
import { routeFilesUnder } from './fixtures/route-files';

const SEED = Number(process.env.FUZZ_SEED ?? randomInt(2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const MODES: Mode[] = ['anonymous', 'authenticated'];
const METHODS: HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const NO_HEADER_FUZZ: HeaderFuzz = { variant: 0, topic: 'products/update', webhookId: 'fuzz', upperCaseDomain: false };

test.afterAll(closeCatalogDb);

// Sign-in attempts use up this address's login budget; later specs sign in from here too.
let loginLimits: Awaited<ReturnType<typeof snapshotLoginLimits>>;
test.beforeEach(async () => {
  loginLimits = await snapshotLoginLimits();
  await inboxSettled();
});
test.afterEach(() => restoreLoginLimits(loginLimits));

/** A distinct, reproducible seed for each part of the pass. */
function seedFor(label: string): number {
  let hash = SEED;
  for (const char of label) hash = Math.imul(hash ^ char.charCodeAt(0), 16_777_619);
  return hash | 0;
}

async function check<T>(label: string, arbitrary: fc.Arbitrary<T>, run: (value: T) => Promise<void>): Promise<void> {
  const details = await fc.check(fc.asyncProperty(arbitrary, run), {
    seed: seedFor(label),
    numRuns: RUNS,
    includeErrorInReport: true,
  });
  if (details.failed) {
    throw new Error(`${label}: ${fc.defaultReportMessage(details)}\nReplay this pass with FUZZ_SEED=${SEED}`);
  }
}

async function sessionCookie(origin: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${origin}/api/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status, await response.text()).toBe(200);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

let adminCookie: Promise<string> | undefined;
async function credentials(origin: string, admins: AdminFactory, withLogoutAdmin: boolean): Promise<Credentials> {
  const { email, password } = adminCredentials();
  adminCookie ??= sessionCookie(origin, email, password);
  const logoutAdmin = withLogoutAdmin ? await admins.create('fuzz-logout') : null;
  const logoutCookie = logoutAdmin ? await sessionCookie(origin, logoutAdmin.email, logoutAdmin.password) : '';
  return { origin, adminCookie: await adminCookie, logoutCookie };
}

async function sendCase(route: ApiRoute, mode: Mode, c: FuzzCase, creds: Credentials) {
  const body = c.body === undefined ? undefined : Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body, 'utf8');
  if (mode === 'authenticated' && route.body.kind !== 'json') assertNoDelivery(route.body.kind, String(body ?? ''));
  const auth = authHeaders(route.auth, mode, body ?? Buffer.alloc(0), creds, c.headers);
  const headers = { ...(c.contentType ? { 'Content-Type': c.contentType } : {}), ...auth };
  await route.beforeEachRequest?.();
  return send(creds.origin, { method: c.method, url: c.url, headers, body });
}

async function expectWrongMethodsRefused(file: string, route: ApiRoute, creds: Credentials): Promise<void> {
  // A dynamic segment gets an id that names nothing: the method alone must be refused.
  const url = urlOfRouteFile(file).replace(/\[\w+\]/g, String(NO_ROW));
  for (const method of METHODS.filter((m) => !route.methods.includes(m))) {
    for (const mode of MODES) {
      const body = method === 'HEAD' || method === 'GET' ? undefined : '{}';
      const c = { method, url, contentType: 'application/json', body, headers: NO_HEADER_FUZZ };
      const response = await sendCase(route, mode, c, creds);
      expect(response.status, `${method} ${url} (${mode})`).toBe(405);
      expect(response.allow?.split(', ').sort(), `Allow of ${method} ${url}`).toEqual([...route.methods].sort());
    }
  }
}

test('storefront URLs whose slug no product or category can have answer 404, not 500', async ({ request }) => {
  for (const path of ['/products/%00', '/products/A%20B', '/categories/%00', '/categories/a%00/page/2']) {
    expect((await request.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
  }
});

test('every API route and every admin page has an entry in the fuzz table', () => {
  expect(routeFilesUnder('api'), 'pages/api files vs API_ROUTES').toEqual(Object.keys(API_ROUTES).sort());
  expect(routeFilesUnder('admin'), 'pages/admin files vs ADMIN_PAGES').toEqual(Object.keys(ADMIN_PAGES).sort());
});

for (const [file, route] of Object.entries(API_ROUTES)) {
  test(`${file}: wrong methods get 405; fuzzed requests never get a 5xx nor change anything`, async ({
    baseURL,
    admins,
  }) => {
    const creds = await credentials(baseURL ?? '', admins, route.auth === 'session-same-origin');
    const before = await catalogChecksum();
    const lastDelivery = await lastDeliveryId();
    try {
      await expectWrongMethodsRefused(file, route, creds);
      for (const mode of MODES) {
        await check(`${file} ${mode}`, fuzzCases(file, route), async (c) => {
          judgeAnswer(route, mode, await sendCase(route, mode, c, creds));
        });
      }
      expect(await catalogChecksum(), `rows changed by the fuzz of ${file} (FUZZ_SEED=${SEED})`).toEqual(before);
    } finally {
      await deleteDeliveriesAfter(lastDelivery);
    }
  });
}

for (const [file, urls] of Object.entries(ADMIN_PAGES)) {
  if (!urls) continue;
  test(`${file}: fuzzed URLs never get a 5xx, and without a session never the page`, async ({ baseURL, admins }) => {
    const creds = await credentials(baseURL ?? '', admins, false);
    const before = await catalogChecksum();
    for (const mode of MODES) {
      const headers: Record<string, string> = mode === 'authenticated' ? { Cookie: creds.adminCookie } : {};
      await check(`${file} ${mode}`, urls, async (url) => {
        judgePage(file, mode, await send(creds.origin, { method: 'GET', url, headers }));
      });
    }
    expect(await catalogChecksum(), `rows changed by the fuzz of ${file} (FUZZ_SEED=${SEED})`).toEqual(before);
  });
}
