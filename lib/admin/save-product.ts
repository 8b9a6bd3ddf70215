import { getChangeSinceCommit } from '../catalog/placements';
import { updateProduct } from '../catalog/update-product';
import { purgeCatalogChanges } from '../revalidation/purge-changes';
import type { RegeneratePage } from '../revalidation/regenerate';
import type { ProductUpdate } from '../validations/product-update';
import type { AdminIdentity } from './session';

/** An admin's save: commit the change with its audit rows, then (only then) purge its pages. */
export async function saveProduct(id: number, input: ProductUpdate, admin: AdminIdentity, regenerate: RegeneratePage) {
  const { change, version } = await updateProduct(id, input, {
    source: 'ADMIN',
    actor: admin.email,
    adminUserId: admin.id,
  });
  const sinceCommit = await getChangeSinceCommit(id, change.after);
  const results = await purgeCatalogChanges([change, sinceCommit], regenerate);
  return { version, results };
}
