import { applyBulkPriceChange, BULK_CHANGE_LIMITS } from '../catalog/bulk-price-change';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import type { RegeneratePage } from '../revalidation/regenerate';
import type { BulkPriceApplyInput } from '../validations/bulk-price';
import { authorOf, type AdminIdentity } from './session';

/** An admin's bulk change, through the change road: committed with its audit rows, then its pages purged. */
export async function applyBulkPrice(input: BulkPriceApplyInput, admin: AdminIdentity, regenerate: RegeneratePage) {
  const { target, adjustment, expectedVersions } = input;
  const { value, purge } = await commitCatalogChange(
    authorOf(admin),
    (scope) => applyBulkPriceChange(scope, target, adjustment, expectedVersions),
    { regenerate, limits: BULK_CHANGE_LIMITS },
  );
  return { updated: value.updated, results: purge };
}
