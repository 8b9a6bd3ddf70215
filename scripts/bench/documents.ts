/**
 * What a rebuild of the stored documents costs at this database's size (docs/surfaces.md):
 *   npm run bench:documents
 * Rebuilds the product feed (every piece, then a full piece mid-catalog, as one product's
 * change does) and the sitemap the way a purge does, against DATABASE_URL (the demo's database
 * without it), and prints each one's time and size, the catalog's size and this process's peak
 * RSS. Seed a large catalog first with `npm run db:seed -- --products 100000`.
 */
import { getDb } from '../../lib/db';
import { rebuildStoredDocument } from '../../lib/feeds/stored-documents';
import { FEED_PATH, FEED_PIECE_PREFIX, feedPieceOf, feedPiecePath, SITEMAP_PATH } from '../../lib/storefront/paths';
import { runMain } from '../lib/run-main';

runMain(async () => {
  const db = getDb();
  try {
    const [products, variants] = await Promise.all([db.product.count(), db.variant.count()]);
    console.log(`catalog: ${products} products, ${variants} variants`);
    const newest = await db.product.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    const onePiece = feedPiecePath(feedPieceOf(Math.floor((newest?.id ?? 0) / 2))); // a full piece, mid-catalog
    for (const path of [FEED_PATH, onePiece, SITEMAP_PATH]) {
      const started = performance.now();
      await rebuildStoredDocument(path);
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const stored = await db.$queryRaw<{ files: number; bytes: bigint }[]>`
        SELECT count(*)::int AS files, coalesce(sum(octet_length(body)), 0) AS bytes FROM "StoredDocument"
        WHERE path = ${path} OR (${path} = ${SITEMAP_PATH} AND path LIKE '/sitemaps/%')
          OR (${path} = ${FEED_PATH} AND starts_with(path, ${FEED_PIECE_PREFIX}))`;
      const { files = 0, bytes = 0n } = stored[0] ?? {};
      console.log(`${path}: rebuilt in ${seconds} s, ${files} file(s), ${(Number(bytes) / 1e6).toFixed(1)} MB`);
    }
    console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    await db.$disconnect();
  }
});
