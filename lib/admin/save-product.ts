import { updateProduct } from '../catalog/update-product';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import type { RegeneratePage } from '../revalidation/regenerate';
import type { ProductUpdate } from '../validations/product-update';
import { authorOf, type AdminIdentity } from './session';

/** An admin's save, through the change road: committed with its audit rows, then its pages purged. */
export async function saveProduct(id: number, input: ProductUpdate, admin: AdminIdentity, regenerate: RegeneratePage) {
  const { value, purge } = await commitCatalogChange(authorOf(admin), (scope) => updateProduct(scope, id, input), {
    regenerate,
  });
  return { version: value.version, results: purge };
}
