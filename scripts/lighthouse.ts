/**
 * `npm run lighthouse`: Lighthouse scores (performance, accessibility, best practices, SEO) of the
 * running shop's home page, a listing and a product page, mobile and desktop, with the system
 * Chromium. Start the shop first (`npm run demo`, or set SHOP_URL); it prints a Markdown table
 * with the machine and its load, as README's table was made. Each audit runs Lighthouse's own
 * CLI in plain Node (its page-side functions must not pass through this script's TypeScript loader).
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import { ensureChromium } from './lib/chromium';
import { bin } from './lib/repo';
import { runMain } from './lib/run-main';
import { shopUrl } from './lib/shop-url';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

interface LighthouseResult {
  categories: Record<string, { score: number | null } | undefined>;
  audits: Record<string, { numericValue?: number } | undefined>;
}

/** The first link of `prefix` on `path`'s HTML. */
async function firstLink(origin: string, path: string, prefix: string): Promise<string> {
  const html = await (await fetch(`${origin}${path}`)).text();
  const match = new RegExp(`href="(${prefix}[^"#?]+)"`).exec(html);
  if (!match?.[1]) throw new Error(`no ${prefix} link on ${path}`);
  return match[1];
}

async function audit(url: string, formFactor: 'mobile' | 'desktop'): Promise<LighthouseResult> {
  const { stdout } = await promisify(execFile)(
    bin('lighthouse'),
    [
      url,
      '--output=json',
      '--quiet',
      `--only-categories=${CATEGORIES.join(',')}`,
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
      ...(formFactor === 'desktop' ? ['--preset=desktop'] : []),
    ],
    { env: { ...process.env, CHROME_PATH: ensureChromium() }, maxBuffer: 256 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as LighthouseResult;
}

async function main(): Promise<number> {
  const origin = shopUrl();
  const listing = await firstLink(origin, '/', '/categories/');
  const product = await firstLink(origin, listing, '/products/');
  const rows: string[] = [];
  for (const path of ['/', listing, product]) {
    for (const formFactor of ['mobile', 'desktop'] as const) {
      const result = await audit(`${origin}${path}`, formFactor);
      const scores = CATEGORIES.map((id) => Math.round((result.categories[id]?.score ?? 0) * 100));
      const tbt = Math.round(result.audits['total-blocking-time']?.numericValue ?? 0);
      rows.push(`| ${path} | ${formFactor} | ${scores.join(' | ')} | ${tbt} ms |`);
      console.error(`lighthouse: ${path} ${formFactor}: ${scores.join(' ')}`);
    }
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
