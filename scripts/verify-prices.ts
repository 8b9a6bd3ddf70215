/**
 * The price-consistency check, for operators after an incident and for tests as an oracle:
 *   npm run verify:prices -- [--concurrency 4] [--json] [--category <slug> ... | --product <slug> ...]
 * Crawls the shop at SHOP_URL (default http://localhost:$PORT or 3000) and compares every price
 * it shows with the database (DATABASE_URL; the npm script runs it through with-db.ts). Prints
 * each mismatch with its page and a summary; exits 1 when anything differs. `--category` limits
 * it to those listings and their products' pages; `--product` to those products' pages and every
 * listing that should show them (their categories, the home page when featured).
 */
import { parseArgs } from 'node:util';
import { getDb } from '../lib/db';
import { readCatalogSnapshot } from './verification/catalog-snapshot';
import { formatMismatch, formatSummary } from './verification/format-report';
import { describeError, verifyShop } from './verification/verify-shop';
import { runMain } from './lib/run-main';
import { shopUrl } from './lib/shop-url';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      concurrency: { type: 'string', default: '4' },
      json: { type: 'boolean', default: false },
      category: { type: 'string', multiple: true },
      product: { type: 'string', multiple: true },
    },
  });
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency must be a positive integer');
  try {
    // The database is read first: a change saved during the crawl can show up as a mismatch, so
    // run it again before acting on one that a concurrent save explains.
    if (values.category && values.product) throw new Error('use --category or --product, not both');
    const snapshot = await readCatalogSnapshot({ categorySlugs: values.category, productSlugs: values.product });
    const baseUrl = shopUrl();
    await assertReachable(baseUrl);
    const report = await verifyShop({ baseUrl, snapshot, concurrency });
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      for (const mismatch of report.mismatches) console.log(formatMismatch(mismatch));
      console.log(formatSummary(report));
    }
    return report.mismatches.length === 0 ? 0 : 1;
  } finally {
    await getDb().$disconnect();
  }
}

/** Fails with one clear message instead of a mismatch for every page when the shop is down. */
async function assertReachable(baseUrl: string): Promise<void> {
  try {
    await fetch(baseUrl, { method: 'HEAD', redirect: 'manual' });
  } catch (error) {
    throw new Error(`cannot reach the shop at ${baseUrl}: ${describeError(error)} (set SHOP_URL or PORT)`);
  }
}

runMain(main);
