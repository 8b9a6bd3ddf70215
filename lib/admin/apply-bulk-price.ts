import { applyBulkPriceChange } from '../catalog/bulk-price-change';
import { getChangeSinceCommit } from '../catalog/placements';
import { purgeCatalogChanges } from '../revalidation/purge-changes';
import type { RegeneratePage } from '../revalidation/regenerate';
import type { BulkPriceApplyInput } from '../validations/bulk-price';
import type { AdminIdentity } from './session';

/** An admin's bulk change: commit the prices with their audit rows, then (only then) purge their pages. */
export async function applyBulkPrice(input: BulkPriceApplyInput, admin: AdminIdentity, regenerate: RegeneratePage) {
  const { target, adjustment, expectedVersions } = input;
  const { updated, changes, productIds } = await applyBulkPriceChange(target, adjustment, expectedVersions, admin);
  const sinceCommit = [];
  // One at a time: a large category would otherwise take the whole connection pool.
  for (const [i, id] of productIds.entries())
    sinceCommit.push(await getChangeSinceCommit(id, changes[i]?.after ?? null));
  const results = await purgeCatalogChanges([...changes, ...sinceCommit], regenerate);
  return { updated, results };
}
