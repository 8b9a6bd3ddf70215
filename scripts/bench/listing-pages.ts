/**
 * What reading one listing page costs in the database at this catalog's size:
 *   npm run bench:listing-pages
 * Times the storefront's own read (getCategoryPage: the page's bucket, its product ids as one
 * range of the listing index, then their cards) for the first, a middle and the last page of the largest category,
 * median of 7 runs each, against DATABASE_URL (the demo's database without it). Seed a large
 * catalog first with `npm run db:seed -- --products 100000`.
 */
import { getCategoryPage } from '../../lib/catalog/storefront';
import { getDb } from '../../lib/db';
import { runMain } from '../lib/run-main';

const RUNS = 7;

runMain(async () => {
  const db = getDb();
  try {
    const [largest] = await db.$queryRaw<{ slug: string; size: number; pages: number }[]>`
      SELECT c.slug, count(*)::int AS size,
        greatest(1, (SELECT count(*) FROM "ListingPage" lp WHERE lp."categoryId" = c.id))::int AS pages
      FROM "ProductCategory" pc JOIN "Category" c ON c.id = pc."categoryId"
      GROUP BY c.id, c.slug ORDER BY size DESC LIMIT 1`;
    if (!largest) throw new Error('no category has products: seed the catalog first');
    const { pages } = largest;
    console.log(`largest listing: ${largest.slug}, ${largest.size} products, ${pages} pages`);
    for (const page of [...new Set([1, Math.ceil(pages / 2), pages])]) {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const listing = await getCategoryPage(largest.slug, page);
        times.push(performance.now() - started);
        if (!listing) throw new Error(`page ${page} of ${largest.slug} does not exist`);
      }
      const median = [...times].sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? NaN;
      console.log(`page ${page}: median ${median.toFixed(1)} ms over ${RUNS} reads`);
    }
  } finally {
    await db.$disconnect();
  }
});
