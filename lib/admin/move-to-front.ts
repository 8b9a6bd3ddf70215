import { moveProductToFront } from '../catalog/move-to-front';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import type { RegeneratePage } from '../revalidation/regenerate';
import { authorOf, type AdminIdentity } from './session';

/** An admin's "Move to the front of <category>", through the change road (audit, purge). */
export async function moveToFront(
  productId: number,
  categoryId: number,
  admin: AdminIdentity,
  regenerate: RegeneratePage,
) {
  const { value, purge } = await commitCatalogChange(
    authorOf(admin),
    (scope) => moveProductToFront(scope, productId, categoryId),
    { regenerate },
  );
  return { position: value.position, results: purge };
}
