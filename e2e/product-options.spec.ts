/**
 * The option picker on a product page of the production build, used with the keyboard alone:
 * Tab into a group, arrows to choose (as native radios do), Space. The chosen variant's price
 * and stock follow the choice, combinations that do not exist or are sold out are disabled with
 * the reason in their label, the address gets ?variant=<id> without a navigation, and a reload
 * with it chooses that variant again once the (static, query-free) page's island has run.
 */
import { expect, test, type Page } from '@playwright/test';
import { catalogDb as db, closeCatalogDb } from './fixtures/catalog-db';

interface OptionRow {
  name: string;
  values: string[];
}

interface VariantRow {
  id: number;
  price: number;
  stock: number;
  values: string[];
}

interface ProductRow {
  slug: string;
  options: OptionRow[];
  variants: VariantRow[];
}

test.afterAll(closeCatalogDb);

async function activeProducts(): Promise<ProductRow[]> {
  const { rows } = await db().query<ProductRow>(
    `SELECT p.slug,
       (SELECT coalesce(json_agg(json_build_object('name', o.name, 'values',
           (SELECT json_agg(ov.value ORDER BY ov.position) FROM "ProductOptionValue" ov WHERE ov."optionId" = o.id))
           ORDER BY o.position), '[]'::json)
         FROM "ProductOption" o WHERE o."productId" = p.id) AS options,
       (SELECT json_agg(json_build_object('id', v.id, 'price', v.price, 'stock', v.stock, 'values',
           (SELECT coalesce(json_agg(ov.value ORDER BY o.position), '[]'::json)
              FROM "VariantOptionValue" vov JOIN "ProductOptionValue" ov ON ov.id = vov."optionValueId"
              JOIN "ProductOption" o ON o.id = vov."optionId" WHERE vov."variantId" = v.id))
           ORDER BY v.position, v.id)
         FROM "Variant" v WHERE v."productId" = p.id) AS variants
     FROM "Product" p WHERE p.status = 'ACTIVE' ORDER BY p.id DESC`,
  );
  return rows;
}

/**
 * A Size x Colour product (as the seed makes them) where, in the first colour, the first size
 * is plentiful, the second can be bought and the last costs more; in the second colour the first
 * size is nearly gone, the second sold out and the last never made.
 */
function pickProduct(products: ProductRow[]) {
  for (const product of products) {
    const [size, colour] = product.options;
    if (size?.name !== 'Size' || colour?.name !== 'Colour' || colour.values.length !== 2) continue;
    if (size.values.length < 3) continue;
    const [first, second] = size.values as [string, string];
    const last = size.values.at(-1) ?? '';
    const [c1, c2] = colour.values as [string, string];
    const at = (s: string, c: string) => product.variants.find((v) => v.values[0] === s && v.values[1] === c);
    const plentiful = at(first, c1);
    const cheaper = at(second, c1);
    const dearer = at(last, c1);
    const low = at(first, c2);
    const soldOut = at(second, c2);
    if (!plentiful || plentiful.stock <= 5 || !cheaper || cheaper.stock <= 0 || !dearer || dearer.stock <= 0) continue;
    if (dearer.price === plentiful.price || !low || low.stock <= 0 || low.stock > 5) continue;
    if (!soldOut || soldOut.stock !== 0 || at(last, c2)) continue;
    // The page starts on the first variant that can be bought: it must be the plentiful one.
    if (product.variants.find((v) => v.stock > 0)?.id !== plentiful.id) continue;
    return { product, sizes: { first, second, last }, colours: { c1, c2 }, plentiful, dearer, low };
  }
  throw new Error('the seed has no Size x Colour product with a missing and a sold-out combination');
}

const group = (page: Page, legend: string) =>
  page.locator('.variant-picker fieldset').filter({ has: page.locator('legend', { hasText: legend }) });
const chosenPrice = (page: Page) => page.locator('.chosen-variant > [data-price-minor]');
const stockState = (page: Page) => page.locator('.chosen-variant .stock-state');

/** Presses Tab until a radio of the group has the focus. */
async function tabInto(page: Page, legend: string) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      if (!(element instanceof HTMLInputElement) || element.type !== 'radio') return null;
      return element.closest('fieldset')?.querySelector('legend')?.textContent ?? null;
    });
    if (focused === legend) return;
  }
  throw new Error(`Tab never reached the ${legend} group`);
}

/** Presses ArrowRight (in the focused group) until `value` is chosen. */
async function arrowTo(page: Page, legend: string, value: string) {
  for (let i = 0; i < 12; i++) {
    if ((await group(page, legend).locator('input:checked').getAttribute('value')) === value) return;
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`the arrows never chose ${legend} ${value}`);
}

test('options are chosen with the keyboard; price, stock, disabled combinations and ?variant= follow', async ({
  page,
  request,
}) => {
  const { product, sizes, colours, plentiful, dearer, low } = pickProduct(await activeProducts());
  const path = `/products/${product.slug}`;
  await page.goto(path);
  await page.waitForLoadState('networkidle'); // the island has run: the picker answers from here on

  await expect(chosenPrice(page)).toHaveAttribute('data-price-minor', String(plentiful.price));
  await expect(stockState(page)).toHaveText('In stock');

  // Size: the last one costs more; the second colour was never made in it.
  await tabInto(page, 'Size');
  await arrowTo(page, 'Size', sizes.last);
  await expect(chosenPrice(page)).toHaveAttribute('data-price-minor', String(dearer.price));
  await expect(page).toHaveURL(`${path}?variant=${dearer.id}`);
  const secondColour = group(page, 'Colour').getByRole('radio', { name: colours.c2, exact: false });
  await expect(secondColour).toBeDisabled();
  await expect(group(page, 'Colour').locator('label', { hasText: colours.c2 })).toContainText('(not available)');

  // The second size: the second colour exists but is sold out.
  await arrowTo(page, 'Size', sizes.second);
  await expect(secondColour).toBeDisabled();
  await expect(group(page, 'Colour').locator('label', { hasText: colours.c2 })).toContainText('(sold out)');

  // The first size in the second colour: nearly gone.
  await arrowTo(page, 'Size', sizes.first);
  await expect(secondColour).toBeEnabled();
  await tabInto(page, 'Colour');
  await arrowTo(page, 'Colour', colours.c2);
  await page.keyboard.press('Space');
  await expect(stockState(page)).toHaveText(`Only ${low.stock} left`);
  await expect(chosenPrice(page)).toHaveAttribute('data-price-minor', String(low.price));
  await expect(page).toHaveURL(`${path}?variant=${low.id}`);

  // The address names the choice; reloading it chooses that variant again once the island runs.
  await page.reload();
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.chosen-variant')).toHaveAttribute('data-chosen-variant', String(low.id));
  await expect(group(page, 'Colour').locator('input:checked')).toHaveValue(colours.c2);
  await expect(group(page, 'Size').locator('input:checked')).toHaveValue(sizes.first);
  await expect(stockState(page)).toHaveText(`Only ${low.stock} left`);

  // Away through a link and Back: the entry still names the choice.
  await page.locator('.breadcrumbs a[href^="/categories/"]').first().click();
  await expect(page).toHaveURL(/\/categories\//);
  await page.goBack();
  await expect(page).toHaveURL(`${path}?variant=${low.id}`);
  await expect(page.locator('.chosen-variant')).toHaveAttribute('data-chosen-variant', String(low.id));

  // One static page for every ?variant=: the server renders the default choice for all of them.
  const html = await (await request.get(`${path}?variant=${low.id}`)).text();
  expect(html).toContain(`data-chosen-variant="${plentiful.id}"`);
});

test('a product with several variants and no options: one group over them; the server HTML offers no choice', async ({
  page,
  request,
}) => {
  // As every product from before options existed: variants, no options.
  const slug = `e2e-no-options-${Date.now().toString(36)}`;
  const { rows } = await db().query<{ id: number; sku: string; price: number }>(
    `WITH made AS (
       INSERT INTO "Product" (slug, title, description, status, "updatedAt")
       VALUES ($1, 'Plain tote', 'A tote in three sizes.', 'ACTIVE', now()) RETURNING id)
     INSERT INTO "Variant" ("productId", sku, title, price, currency, stock, position, "updatedAt")
     SELECT made.id, $1 || '-' || v.n, v.title, v.price, 'USD', v.stock, v.n, now()
       FROM made, (VALUES (1, 'Small', 1500, 0), (2, 'Medium', 1800, 9), (3, 'Large', 2100, 2)) AS v(n, title, price, stock)
     RETURNING id, sku, price`,
    [slug],
  );
  const [, medium, large] = rows.sort((a, b) => a.sku.localeCompare(b.sku)) as [
    (typeof rows)[0],
    (typeof rows)[0],
    (typeof rows)[0],
  ];
  try {
    const path = `/products/${slug}`;
    // Without JavaScript the radios cannot be changed, so they never disagree with the price shown.
    const html = await (await request.get(path)).text();
    const fieldsets = html.match(/<fieldset[^>]*>/g) ?? [];
    expect(fieldsets).toHaveLength(1);
    expect(fieldsets[0]).toContain('disabled');

    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const options = group(page, 'Option');
    await expect(options).toHaveJSProperty('disabled', false); // the island runs: the choice now moves the price
    await expect(options.getByRole('radio', { name: 'Large', exact: false })).toBeEnabled();
    await expect(options.getByRole('radio')).toHaveCount(3);
    await expect(options.getByRole('radio', { name: 'Small', exact: false })).toBeDisabled();
    await expect(options.locator('label', { hasText: 'Small' })).toContainText('(sold out)');
    await expect(chosenPrice(page)).toHaveAttribute('data-price-minor', String(medium.price));
    await expect(page.locator('.chosen-variant .chosen-title')).toHaveText('Medium');

    await tabInto(page, 'Option');
    await arrowTo(page, 'Option', 'Large');
    await expect(chosenPrice(page)).toHaveAttribute('data-price-minor', String(large.price));
    await expect(stockState(page)).toHaveText('Only 2 left');
    await expect(page).toHaveURL(`${path}?variant=${large.id}`);
  } finally {
    await db().query(`DELETE FROM "Product" WHERE slug = $1`, [slug]);
  }
});
