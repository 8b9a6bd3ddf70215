/**
 * `npm run db:rebalance-listings`: asks the worker to rebalance every category's listing pages,
 * e.g. after CATEGORY_PAGE_SIZE changed (pages cut at the old size keep the old size's products,
 * at most 4 × the new size shown each, until then), or after products were written to the
 * database outside the app. The worker (or any process with PURGE_ROLE=all) does it on
 * its next drain pass, through the change road, and purges every page whose products changed.
 */
import { getDb } from '../../lib/db';
import { runMain } from '../lib/run-main';

runMain(async () => {
  const db = getDb();
  try {
    const asked = await db.$executeRaw`
      INSERT INTO "ListingRebalance" ("categoryId") SELECT id FROM "Category" ON CONFLICT DO NOTHING`;
    console.log(`rebalance-listings: ${asked} categories asked for; the worker rebalances them on its next pass`);
  } finally {
    await db.$disconnect();
  }
});
