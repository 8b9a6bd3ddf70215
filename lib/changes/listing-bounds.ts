/**
 * A change's end of a listing rebalance: inside its transaction, the pages its products entered,
 * left or moved between are checked, and a category whose page went out of bounds is only asked
 * for; the worker rebalances it after the commit (./rebalance-listings.ts).
 */
import { requestRebalancesFor, type TouchedPage } from '../catalog/listing-rebalance';
import { getEnv } from '../env';
import type { CatalogChange } from '../revalidation/paths-for-change';
import type { Tx } from '../transaction';

/**
 * In a change's transaction: asks for a rebalance of each category where a page a product entered
 * or left is now out of bounds. Products that stayed on their page (a price edit, a bulk job) are
 * not checked, so such changes read nothing more.
 */
export async function requestRebalancesAfter(tx: Tx, changes: readonly CatalogChange[]): Promise<number[]> {
  const touched: TouchedPage[] = [];
  for (const change of changes) {
    if (change.kind !== 'product') continue;
    const listings = [...(change.before?.listings ?? []), ...(change.after?.listings ?? [])];
    for (const categoryId of new Set(listings.map((l) => l.categoryId))) {
      const was = change.before?.listings.find((l) => l.categoryId === categoryId);
      const is = change.after?.listings.find((l) => l.categoryId === categoryId);
      if (was?.page === is?.page && was?.slot === is?.slot) continue;
      for (const side of [was, is]) if (side) touched.push({ categoryId, page: side.slot });
    }
  }
  return touched.length > 0 ? requestRebalancesFor(tx, touched, getEnv().CATEGORY_PAGE_SIZE) : [];
}
