/**
 * Shoppers buy, always at the database's price, on the production build with the real Stripe
 * SDK pointed at the local stand-in (testing/stripe), which records every request and sends the
 * signed checkout events to the shop's webhook:
 *
 * 1. options picked, two variants in the cart, paid on the stand-in's page, order in the dashboard,
 *    stock down;
 * 2. a stale page's price is never charged: checkout answers 409, the cart shows old -> new, and
 *    Stripe is asked for the database's price; a body naming its own price is ignored;
 * 3. selling the last unit purges the product and its listing page; selling one of many, nothing;
 * 4. replayed and out-of-order events make one order and sell once; an expired session releases
 *    its reservation; two shoppers racing for the last unit are never both charged unflagged;
 * 5. the keyboard alone reaches the payment page.
 */
import { expect, test, type Page } from '@playwright/test';
import type { StripeStandIn } from '../testing/stripe/start-stand-in';
import { logInAsAdmin } from './fixtures/admin-session';
import { catalogDb as db, closeCatalogDb } from './fixtures/catalog-db';
import {
  addToCart,
  appliedEvent,
  checkOut,
  newShopper,
  ordersOfSession,
  pagesFresh,
  setStockAndPurge,
  singleVariantProducts,
  startCheckoutStandIn,
  variantStock,
  type VariantRow,
} from './fixtures/checkout';
import { cardHtml, fetchPage, purge } from './fixtures/storefront';
import { asServed, withPurgedDocuments } from './fixtures/purged-documents';
import { askedSince } from './fixtures/outbox';

/** An amount as the dashboard writes it (components/admin/format.ts): "1289.85 USD" (the seed sells in USD). */
const dashboardMoney = (minor: number) => `${(minor / 100).toFixed(2)} USD`;

let standIn: StripeStandIn;
let products: VariantRow[];
let shopOrigin = '';

test.beforeAll(async ({ baseURL }) => {
  shopOrigin = baseURL ?? '';
  standIn = await startCheckoutStandIn(shopOrigin);
  products = await singleVariantProducts(5);
});

// The specs set stock as an outside writer would: the operator's purge puts the pages right.
test.afterAll(async () => {
  const operator = await newShopper(shopOrigin);
  if (products) await purge(operator, { products: products.map((p) => p.slug) });
  await operator.dispose();
  await standIn?.close();
  await closeCatalogDb();
});

/** The last event the stand-in sent about a session. */
function lastEventOf(sessionId: string) {
  const sent = standIn.stub.sentEvents.filter((s) => s.event.data.object.id === sessionId).at(-1);
  if (!sent) throw new Error(`no event sent for ${sessionId}`);
  return sent;
}

/** What the shop asked Stripe to charge for the session it created last. */
function lastSessionRequest() {
  const created = standIn.stub.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions');
  const last = created.at(-1);
  if (!last) throw new Error('the shop created no Checkout Session');
  return last.body;
}

interface PickerProduct {
  slug: string;
  variants: { id: number; sku: string; price: number; stock: number; image: string | null; values: string[] }[];
  options: { name: string; values: string[] }[];
}

/** A product with two options and at least two variants that can be bought, from the catalog's middle. */
async function twoOptionProduct(): Promise<PickerProduct> {
  const { rows } = await db().query<PickerProduct>(
    `SELECT p.slug,
       (SELECT json_agg(json_build_object('name', o.name, 'values',
           (SELECT json_agg(ov.value ORDER BY ov.position) FROM "ProductOptionValue" ov WHERE ov."optionId" = o.id))
           ORDER BY o.position) FROM "ProductOption" o WHERE o."productId" = p.id) AS options,
       (SELECT json_agg(json_build_object('id', v.id, 'sku', v.sku, 'price', v.price, 'stock', v.stock,
           'image', (SELECT i.url FROM "ProductImage" i WHERE i.id = v."imageId"), 'values',
           (SELECT json_agg(ov.value ORDER BY o.position) FROM "VariantOptionValue" vov
              JOIN "ProductOptionValue" ov ON ov.id = vov."optionValueId" JOIN "ProductOption" o ON o.id = vov."optionId"
             WHERE vov."variantId" = v.id)) ORDER BY v.position, v.id)
         FROM "Variant" v WHERE v."productId" = p.id) AS variants
     FROM "Product" p
    WHERE p.status = 'ACTIVE' AND (SELECT count(*) FROM "ProductOption" o WHERE o."productId" = p.id) = 2
      AND (SELECT count(*) FROM "Variant" v WHERE v."productId" = p.id AND v.stock > 5) >= 2
      AND (SELECT count(DISTINCT v."imageId") FROM "Variant" v WHERE v."productId" = p.id) = 2
      AND p.id IN (SELECT id FROM "Product" ORDER BY id OFFSET 60 LIMIT 100)
    ORDER BY p.id LIMIT 1`,
  );
  const product = rows[0];
  if (!product) throw new Error('the seed has no two-option product in the middle of the catalog');
  return product;
}

const picker = (page: Page) => page.locator('.variant-picker');

/** Chooses a variant's values on the product page (its island has run) by clicking their labels. */
async function choose(page: Page, product: PickerProduct, values: string[]) {
  for (const [i, value] of values.entries()) {
    const group = picker(page)
      .locator('fieldset')
      .filter({ has: page.locator('legend', { hasText: product.options[i]?.name ?? '' }) });
    await group.locator(`input[type="radio"][value="${value}"]`).check();
  }
}

test('a shopper picks options, buys two variants on the payment page, and the order and stock follow', async ({
  page,
  baseURL,
}) => {
  const product = await twoOptionProduct();
  const [first, second] = product.variants.filter((v) => v.stock > 5);
  if (!first || !second) throw new Error('two buyable variants expected');
  await page.goto(`/products/${product.slug}`);
  await page.waitForLoadState('networkidle');

  await choose(page, product, first.values);
  await expect(picker(page).locator('.chosen-variant')).toHaveAttribute('data-chosen-sku', first.sku);
  await expect(picker(page).locator('img.chosen-image')).toHaveAttribute('src', first.image ?? '');
  // The other colour's picture follows a choice of the other colour.
  const otherColour = product.variants.find((v) => v.image !== first.image && v.stock > 0);
  if (!otherColour) throw new Error('a variant of the other colour expected');
  await choose(page, product, otherColour.values);
  await expect(picker(page).locator('img.chosen-image')).toHaveAttribute('src', otherColour.image ?? '');
  await choose(page, product, first.values);
  await picker(page).getByLabel('Quantity').fill('2');
  await picker(page).getByRole('button', { name: 'Add to cart' }).click();
  await expect(page).toHaveURL(/\/cart$/);

  await page.goto(`/products/${product.slug}`);
  await page.waitForLoadState('networkidle');
  // The static page's island asked for the count.
  await expect(page.locator('.cart-link')).toHaveAttribute('data-cart-count', '2');
  await expect(page.locator('.cart-link')).toHaveText('Cart (2 items)');
  await choose(page, product, second.values);
  await picker(page).getByRole('button', { name: 'Add to cart' }).click();
  await expect(page).toHaveURL(/\/cart$/);

  const rows = page.locator('table.cart-lines tbody tr');
  await expect(rows).toHaveCount(2);
  const subtotal = first.price * 2 + second.price;
  await expect(page.locator('.cart-subtotal')).toHaveAttribute('data-price-minor', String(subtotal));
  await expect(page.locator('.cart-link')).toHaveAttribute('data-cart-count', '3');
  await expect(page.locator('[data-test-mode]')).toBeVisible();

  await page.getByRole('button', { name: 'Check out' }).click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_test_/);
  await expect(page.getByText('Test mode — no real payment')).toBeVisible();
  const sessionId = page.url().split('/').pop() ?? '';
  // Lines go to Stripe in variant id order, each at the database's price.
  const [lineOne, lineTwo] = first.id < second.id ? [first, second] : [second, first];
  expect(lastSessionRequest()).toMatchObject({
    mode: 'payment',
    'line_items[0][price_data][unit_amount]': String(lineOne.price),
    'line_items[1][price_data][unit_amount]': String(lineTwo.price),
  });
  await page.getByLabel('Email').fill('shopper@example.com');
  await page.getByRole('button', { name: /^Pay / }).click();

  await expect(page).toHaveURL(new RegExp(`/checkout/success\\?session_id=${sessionId}$`));
  await appliedEvent(lastEventOf(sessionId).event.id);
  await page.reload();
  await expect(page.locator('h1')).toHaveText('Thank you for your order');
  const [order] = await ordersOfSession(sessionId);
  expect(order).toMatchObject({ status: 'PAID', flags: [], amountTotal: subtotal });
  expect(order?.lines.map((l) => [l.sku, l.quantity, l.unitAmount]).sort()).toEqual(
    [
      [first.sku, 2, first.price],
      [second.sku, 1, second.price],
    ].sort(),
  );
  await expect(page.locator('[data-order-number]')).toHaveText(`#${order?.id}`);
  expect(await variantStock(first.id)).toBe(first.stock - 2);
  expect(await variantStock(second.id)).toBe(second.stock - 1);
  await expect(page.locator('.cart-link')).toHaveAttribute('data-cart-count', '0'); // the order emptied the cart

  // The dashboard lists it with the charged amounts.
  await logInAsAdmin(page, baseURL ?? '');
  await page.goto('/admin/orders');
  const listed = page.locator('tr', { has: page.locator(`a[href="/admin/orders/${order?.id}"]`) });
  await expect(listed).toContainText('shopper@example.com');
  await expect(listed).toContainText(dashboardMoney(subtotal));
  await page.goto(`/admin/orders/${order?.id}`);
  for (const [variant, quantity] of [
    [first, 2],
    [second, 1],
  ] as const) {
    const line = page.locator('tr', { hasText: variant.sku });
    await expect(line).toContainText(dashboardMoney(variant.price));
    await expect(line).toContainText(dashboardMoney(variant.price * quantity));
  }
  await expect(page.locator('main')).toContainText(dashboardMoney(subtotal));
});

test('a stale page never sets the charge: checkout answers 409, the cart shows old and new, Stripe gets the database price', async ({
  page,
  request,
  baseURL,
}) => {
  const variant = products[0]!;
  const path = `/products/${variant.slug}`;
  await fetchPage(request, path); // cached with the price it shows now
  const newPrice = variant.price + 123;
  // Changed in the database with no purge: the cached page still shows the old price.
  await db().query(`UPDATE "Variant" SET price = $2 WHERE id = $1`, [variant.id, newPrice]);
  try {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await expect(picker(page).locator('.chosen-variant [data-price-minor]').first()).toHaveAttribute(
      'data-price-minor',
      String(variant.price),
    );
    await picker(page).getByRole('button', { name: 'Add to cart' }).click();
    await expect(page).toHaveURL(/\/cart$/);

    // The page's scripts call checkout as the shopper (same cookies): refused, with both prices.
    const refused = await page.request.post('/api/checkout', {
      headers: { Origin: baseURL ?? '' },
      data: { price: 1, currency: 'JPY' },
    });
    expect(refused.status()).toBe(409);
    const body = (await refused.json()) as { details: { reason: string; changes: { seen: unknown; now: unknown }[] } };
    expect(body.details.reason).toBe('prices-changed');
    expect(body.details.changes).toEqual([
      expect.objectContaining({
        seen: { amount: variant.price, currency: variant.currency },
        now: { amount: newPrice, currency: variant.currency },
      }),
    ]);
    const sessionsBefore = standIn.stub.checkoutSessions.size;

    await page.reload();
    const change = page.locator('.price-changes li', { hasText: '' }).first();
    await expect(change.locator('.old-price')).toHaveAttribute('data-price-minor', String(variant.price));
    await expect(change.locator('.new-price')).toHaveAttribute('data-price-minor', String(newPrice));
    await expect(page.getByRole('button', { name: 'Check out' })).toHaveCount(0);
    expect(standIn.stub.checkoutSessions.size).toBe(sessionsBefore); // nothing was asked of Stripe

    await page.getByRole('button', { name: 'Accept the new prices' }).click();
    await page.getByRole('button', { name: 'Check out' }).click();
    await expect(page).toHaveURL(/\/c\/pay\/cs_test_/);
    expect(lastSessionRequest()).toMatchObject({
      'line_items[0][price_data][unit_amount]': String(newPrice),
      'line_items[0][price_data][currency]': variant.currency.toLowerCase(),
      'line_items[0][quantity]': '1',
    });

    // A body naming its own price and currency changes nothing of what Stripe is asked for.
    const shopper = await newShopper(baseURL ?? '');
    await addToCart(shopper, variant.id, 1, { amount: 1, currency: 'EUR' });
    const confirm = await shopper.post('/api/cart/confirm-prices', {
      data: { accepted: [`${variant.id}:${newPrice}:${variant.currency}`] },
    });
    expect(confirm.status()).toBe(200);
    const forged = await checkOut(shopper, {
      line_items: [{ price_data: { currency: 'eur', unit_amount: 1 }, quantity: 1 }],
      currency: 'EUR',
      amount: 1,
    });
    expect(forged.status, JSON.stringify(forged.json)).toBe(200);
    expect(lastSessionRequest()).toMatchObject({
      'line_items[0][price_data][unit_amount]': String(newPrice),
      'line_items[0][price_data][currency]': variant.currency.toLowerCase(),
    });
    await standIn.stub.expireSession(forged.sessionId);
    await shopper.dispose();
  } finally {
    await purge(request, { products: [variant.slug] }); // the outside write, purged for the next specs
  }
});

test('selling the last unit purges the product page and its listing page; selling one of many purges nothing', async ({
  baseURL,
  request,
}) => {
  const [last, many] = [products[1]!, products[2]!];
  await setStockAndPurge(request, last, 1);
  await setStockAndPurge(request, many, 50);
  const listing = `/categories/${last.categorySlugs[0]}`;

  const buy = async (variant: VariantRow) => {
    const shopper = await newShopper(baseURL ?? '');
    await addToCart(shopper, variant.id, 1);
    const { status, sessionId } = await checkOut(shopper);
    expect(status).toBe(200);
    await standIn.stub.completeSession(sessionId);
    await shopper.dispose();
    return appliedEvent(lastEventOf(sessionId).event.id);
  };

  const { rows: clock } = await db().query<{ now: Date }>('SELECT now()');
  const quiet = await buy(many);
  expect(quiet.status).toBe('APPLIED');
  expect(quiet.paths).toEqual([]);
  expect(await variantStock(many.id)).toBe(49);
  // Nothing asked for any page of the product since the sale began.
  const asked = [
    ...(await askedSince(clock[0]?.now ?? new Date(0), `/products/${many.slug}`, '', {}, db())),
    ...(await askedSince(clock[0]?.now ?? new Date(0), `/categories/${many.categorySlugs[0]}`, '', {}, db())),
  ];
  expect(asked).toEqual([]);

  const soldOut = await buy(last);
  // Exactly the pages that show it: its page, the one listing page holding it in each of its
  // categories, and home only when it is featured.
  const listings = soldOut.paths.filter((p) => p.startsWith('/categories/'));
  expect(listings.map((p) => p.split('/')[2]).sort()).toEqual([...last.categorySlugs].sort());
  const pages = [...(last.featured ? ['/'] : []), ...listings, `/products/${last.slug}`];
  // And the feed (now out_of_stock) and the sitemap (those pages' lastmod).
  expect(asServed(soldOut.paths).sort()).toEqual(withPurgedDocuments(pages).sort());
  await pagesFresh(pages);
  const productPage = await fetchPage(request, `/products/${last.slug}`);
  expect(productPage.html).toContain('data-stock-state="sold-out"');
  const listingPath = soldOut.paths.find((p) => p.startsWith(listing))!;
  expect(cardHtml((await fetchPage(request, listingPath)).html, last.slug)).toContain('Sold out');
});

test('replayed and out-of-order events make one order and sell once; an expired session releases its stock', async ({
  baseURL,
}) => {
  const variant = products[3]!;
  await db().query(`UPDATE "Variant" SET stock = 20 WHERE id = $1`, [variant.id]);
  const shopper = await newShopper(baseURL ?? '');

  // Paid, then Stripe redelivers the same event and sends a second completion for the session.
  await addToCart(shopper, variant.id, 2);
  const paid = await checkOut(shopper);
  await standIn.stub.completeSession(paid.sessionId);
  const completed = lastEventOf(paid.sessionId);
  await appliedEvent(completed.event.id);
  const redelivered = await standIn.stub.deliverEvent(completed);
  expect(redelivered.status).toBe(200);
  expect(JSON.parse(redelivered.responseText)).toMatchObject({ duplicate: true });
  const second = standIn.stub.eventFor(paid.sessionId, 'checkout.session.completed');
  await standIn.stub.deliverEvent(second);
  expect((await appliedEvent(second.event.id)).status).toBe('IGNORED');
  expect(await ordersOfSession(paid.sessionId)).toHaveLength(1);
  expect(await variantStock(variant.id)).toBe(18);

  // A delayed payment whose success arrives before the completion: one paid order, sold once.
  await addToCart(shopper, variant.id, 3);
  const delayed = await checkOut(shopper);
  standIn.stub.setWebhookTarget(null);
  try {
    await standIn.stub.completeSession(delayed.sessionId, { paymentStatus: 'unpaid' });
    await standIn.stub.settleAsyncPayment(delayed.sessionId, 'succeeded');
  } finally {
    standIn.stub.setWebhookTarget({
      url: `${baseURL}/api/webhooks/stripe`,
      secret: process.env.STRIPE_WEBHOOK_SECRET ?? '',
    });
  }
  const [completion, success] = ['checkout.session.completed', 'checkout.session.async_payment_succeeded'].map((type) =>
    standIn.stub.sentEvents.find((s) => s.event.type === type && s.event.data.object.id === delayed.sessionId)!,
  );
  await standIn.stub.deliverEvent(success!);
  await appliedEvent(success!.event.id);
  await standIn.stub.deliverEvent(completion!);
  await appliedEvent(completion!.event.id);
  expect((await ordersOfSession(delayed.sessionId)).map((o) => o.status)).toEqual(['PAID']);
  expect(await variantStock(variant.id)).toBe(15);

  // An open checkout holds the stock; its expiry gives it back.
  await db().query(`UPDATE "Variant" SET stock = 1 WHERE id = $1`, [variant.id]);
  const other = await newShopper(baseURL ?? '');
  await addToCart(shopper, variant.id, 1);
  await addToCart(other, variant.id, 1);
  const holding = await checkOut(shopper);
  expect(holding.status).toBe(200);
  const waiting = await checkOut(other);
  expect(waiting.status).toBe(409);
  expect(waiting.json.details).toMatchObject({ reason: 'stock-short' });
  await standIn.stub.expireSession(holding.sessionId);
  await appliedEvent(lastEventOf(holding.sessionId).event.id);
  expect((await checkOut(other)).status).toBe(200);
  await shopper.dispose();
  await other.dispose();
});

test('two shoppers racing for the last unit: one checkout only, and a late second charge is flagged', async ({
  baseURL,
}) => {
  const variant = products[4]!;
  await db().query(`UPDATE "Variant" SET stock = 1 WHERE id = $1`, [variant.id]);
  const [a, b] = [await newShopper(baseURL ?? ''), await newShopper(baseURL ?? '')];
  await addToCart(a, variant.id, 1);
  await addToCart(b, variant.id, 1);
  const results = await Promise.all([checkOut(a), checkOut(b)]);
  expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  const winner = results.find((r) => r.status === 200)!;
  const loserShopper = results[0].status === 200 ? b : a;

  // The winner's reservation lapses without Stripe's expiry event (the shop's own clock ran out),
  // so the second shopper gets a session too, and both pay: the second order is flagged.
  await db().query(`UPDATE "Checkout" SET "expiresAt" = now() - interval '1 second' WHERE "stripeSessionId" = $1`, [
    winner.sessionId,
  ]);
  const late = await checkOut(loserShopper);
  expect(late.status).toBe(200);
  await standIn.stub.completeSession(winner.sessionId);
  await appliedEvent(lastEventOf(winner.sessionId).event.id);
  await standIn.stub.completeSession(late.sessionId);
  await appliedEvent(lastEventOf(late.sessionId).event.id);
  // Both were charged; neither order is accepted silently: the first was paid on a checkout whose
  // hold had lapsed, the second sold a unit that was no longer there.
  const [first] = await ordersOfSession(winner.sessionId);
  const [second] = await ordersOfSession(late.sessionId);
  expect(first?.flags).toEqual(['CHECKOUT_NOT_HELD']);
  expect(second?.flags).toEqual(['OVERSOLD']);
  expect(await variantStock(variant.id)).toBe(0);
  await a.dispose();
  await b.dispose();
});

test('the keyboard alone picks options, adds to the cart and reaches the payment page', async ({ page }) => {
  const product = await twoOptionProduct();
  const target = product.variants.filter((v) => v.stock > 5).at(-1)!;
  await page.goto(`/products/${product.slug}`);
  await page.waitForLoadState('networkidle');

  for (const [i, option] of product.options.entries()) {
    await focusByTab(page, (el) => el.type === 'radio' && el.legend === option.name);
    for (let step = 0; step < 12; step++) {
      const checked = await page
        .locator('.variant-picker fieldset')
        .nth(i)
        .locator('input:checked')
        .getAttribute('value');
      if (checked === target.values[i]) break;
      await page.keyboard.press('ArrowRight');
    }
  }
  await expect(picker(page).locator('.chosen-variant')).toHaveAttribute('data-chosen-sku', target.sku);
  await focusByTab(page, (el) => el.tag === 'BUTTON' && el.text === 'Add to cart');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.locator(`table.cart-lines tr[data-sku="${target.sku}"]`)).toBeVisible();
  await focusByTab(page, (el) => el.tag === 'BUTTON' && el.text === 'Check out');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/c\/pay\/cs_test_/);
  const sessionId = page.url().split('/').pop() ?? '';
  await standIn.stub.expireSession(sessionId);
});

interface Focused {
  tag: string;
  type: string;
  text: string;
  legend: string;
}

/** Presses Tab until the focused element matches (read in the page, matched here). */
async function focusByTab(page: Page, matches: (focused: Focused) => boolean) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate((): Focused | null => {
      const element = document.activeElement;
      if (!(element instanceof HTMLElement)) return null;
      return {
        tag: element.tagName,
        type: element instanceof HTMLInputElement ? element.type : '',
        text: element.textContent?.trim() ?? '',
        legend: element.closest('fieldset')?.querySelector('legend')?.textContent ?? '',
      };
    });
    if (focused && matches(focused)) return;
  }
  throw new Error('Tab never reached the element');
}
