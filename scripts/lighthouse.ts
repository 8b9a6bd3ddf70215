/**
 * `npm run lighthouse`: Lighthouse scores (performance, accessibility, best practices, SEO) of the
 * running shop's home page, a listing and a product page, mobile and desktop, with the system
 * Chromium. Start the shop first (`npm run demo`, or set SHOP_URL); it prints a Markdown table
 * with the machine and its load, as README's table was made.
 */
import os from 'node:os';
import { launch } from 'chrome-launcher';
import lighthouse, { desktopConfig, type Flags } from 'lighthouse';
import { ensureChromium } from './lib/chromium';
import { runMain } from './lib/run-main';
import { shopUrl } from './lib/shop-url';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/** The first link of `prefix` on `path`'s HTML. */
async function firstLink(origin: string, path: string, prefix: string): Promise<string> {
  const html = await (await fetch(`${origin}${path}`)).text();
  const match = new RegExp(`href="(${prefix}[^"#?]+)"`).exec(html);
  if (!match?.[1]) throw new Error(`no ${prefix} link on ${path}`);
  return match[1];
}

async function main(): Promise<number> {
  const origin = shopUrl();
  const listing = await firstLink(origin, '/', '/categories/');
  const product = await firstLink(origin, listing, '/products/');
  const chrome = await launch({
    chromePath: ensureChromium(),
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  const rows: string[] = [];
  try {
    for (const path of ['/', listing, product]) {
      for (const formFactor of ['mobile', 'desktop'] as const) {
        const flags: Flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] };
        const result = await lighthouse(
          `${origin}${path}`,
          flags,
          formFactor === 'desktop' ? desktopConfig : undefined,
        );
        if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
        const scores = CATEGORIES.map((id) => Math.round((result.lhr.categories[id]?.score ?? 0) * 100));
        const tbt = result.lhr.audits['total-blocking-time']?.numericValue ?? 0;
        rows.push(`| ${path} | ${formFactor} | ${scores.join(' | ')} | ${Math.round(tbt)} ms |`);
        console.error(`lighthouse: ${path} ${formFactor}: ${scores.join(' ')}`);
      }
    }
  } finally {
    chrome.kill();
  }
  const [load1] = os.loadavg();
  console.log(
    `Lighthouse 12.8.2, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load average ${load1?.toFixed(2)}, ${origin}\n`,
  );
  console.log('| page | form factor | performance | accessibility | best practices | SEO | total blocking time |');
  console.log('| ---- | ----------- | ----------- | ------------- | -------------- | --- | ------------------- |');
  for (const row of rows) console.log(row);
  return 0;
}

runMain(main);
