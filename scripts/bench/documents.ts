/**
 * What a rebuild of the stored documents costs at this database's size (docs/surfaces.md):
 *   npm run bench:documents
 * Against DATABASE_URL (the demo's database without it), the way a purge does: rebuilds the
 * product feed whole (every piece), then a full piece mid-catalog, as one product's change does;
 * the sitemap whole, then one piece of each kind (home, the largest category's listing pages, a
 * full piece of product ids). Then puts each document together as a request does, once a piece
 * changed. Prints each one's time and size, the catalog's size and this process's peak RSS. Seed
 * a large catalog first with `npm run db:seed -- --products 100000`.
 */
import { getDb } from '../../lib/db';
import { readStoredDocument, rebuildStoredDocument } from '../../lib/feeds/stored-documents';
import {
  FEED_PATH,
  FEED_PIECE_PREFIX,
  feedPiecePath,
  feedPieceOf,
  sitemapProductPieceOf,
  SITEMAP_PATH,
  SITEMAP_PIECE_PREFIX,
  sitemapFilePath,
  sitemapPiecePath,
} from '../../lib/storefront/paths';
import { runMain } from '../lib/run-main';

const ORIGIN = 'https://shop.example';

runMain(async () => {
  const db = getDb();
  try {
    const [products, variants] = await Promise.all([db.product.count(), db.variant.count()]);
    console.log(`catalog: ${products} products, ${variants} variants`);
    const newest = await db.product.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    const midProduct = Math.floor((newest?.id ?? 0) / 2); // in a full piece, mid-catalog
    const [largest] = await db.$queryRaw<{ categoryId: number; products: number }[]>`
      SELECT "categoryId", count(*)::int AS products FROM "ProductCategory" GROUP BY 1 ORDER BY 2 DESC LIMIT 1`;
    const rebuilds = [
      { path: FEED_PATH, what: 'the feed, whole' },
      { path: feedPiecePath(feedPieceOf(midProduct)), what: 'one piece of the feed' },
      { path: SITEMAP_PATH, what: 'the sitemap, whole' },
      { path: sitemapPiecePath({ kind: 'home' }), what: "the sitemap's home piece" },
      ...(largest
        ? [
            {
              path: sitemapPiecePath({ kind: 'category', categoryId: largest.categoryId }),
              what: `the sitemap's piece of the largest category (${largest.products} products)`,
            },
          ]
        : []),
      {
        path: sitemapPiecePath({ kind: 'products', piece: sitemapProductPieceOf(midProduct) }),
        what: "one of the sitemap's product pieces",
      },
    ];
    for (const { path, what } of rebuilds) {
      const started = performance.now();
      await rebuildStoredDocument(path);
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      // A whole document is its pieces; a piece is its own row.
      const prefix = path === FEED_PATH ? FEED_PIECE_PREFIX : path === SITEMAP_PATH ? SITEMAP_PIECE_PREFIX : null;
      const [stored] = await db.$queryRaw<{ rows: number; bytes: bigint }[]>`
        SELECT count(*)::int AS rows, coalesce(sum(octet_length(body)), 0) AS bytes FROM "StoredDocument"
        WHERE path = ${path} OR starts_with(path, ${prefix ?? path})`;
      console.log(
        `${what} (${path}): rebuilt in ${seconds} s, ${stored?.rows ?? 0} row(s), ${mb(stored?.bytes ?? 0n)}`,
      );
    }
    // Served: put together from the pieces once a piece changed (a process then keeps it until the next change).
    for (const path of [FEED_PATH, SITEMAP_PATH, sitemapFilePath(1)]) {
      const started = performance.now();
      const document = await readStoredDocument(path, ORIGIN);
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      console.log(
        `${path}: put together and served in ${seconds} s, ${document ? mb(Buffer.byteLength(document.body)) : 'none'}`,
      );
    }
    console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    await db.$disconnect();
  }
});

function mb(bytes: bigint | number): string {
  return `${(Number(bytes) / 1e6).toFixed(1)} MB`;
}
