/**
 * The README's pictures of the product page's option picker and of the cart, taken from a running
 * shop (`npm run demo`, or SHOP_URL): it finds a product with two options, adds two of its variants
 * to a fresh cart, and writes docs/product-picker.png and docs/cart.png.
 */
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { ensureChromium } from './lib/chromium';
import { repoRoot } from './lib/repo';
import { runMain } from './lib/run-main';
import { shopUrl } from './lib/shop-url';

async function productWithTwoOptions(page: Page, origin: string): Promise<string> {
  await page.goto(`${origin}/`);
  const categories = await page
    .locator('a[href^="/categories/"]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  for (const category of categories) {
    await page.goto(`${origin}${category}`);
    const products = await page
      .locator('li.card a[href^="/products/"]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    for (const product of products) {
      await page.goto(`${origin}${product}`);
      if ((await page.locator('.variant-picker fieldset').count()) === 2) return product;
    }
  }
  throw new Error('no product with two options found');
}

async function main(): Promise<number> {
  const origin = shopUrl();
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 820 } });
    const product = await productWithTwoOptions(page, origin);
    await page.goto(`${origin}${product}`);
    await page.waitForLoadState('networkidle');
    // The second value of the first option, to show a choice being made.
    await page.locator('.variant-picker fieldset').first().locator('input:not([disabled])').nth(1).check();
    await page.screenshot({ path: path.join(repoRoot, 'docs', 'product-picker.png') });
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.goto(`${origin}${product}`);
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(/\/cart$/);
    await page.locator('.cart-link[data-cart-count]').waitFor();
    await page.screenshot({ path: path.join(repoRoot, 'docs', 'cart.png') });
    console.log(`screenshots of ${product} and the cart written to docs/`);
    return 0;
  } finally {
    await browser.close();
  }
}

runMain(main);
