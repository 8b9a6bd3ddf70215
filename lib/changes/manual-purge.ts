/**
 * Operators' purges. What /api/revalidate does once the caller is authenticated: purge explicit paths, or every
 * page that can show the named products, through the same road as any change (so a page that
 * fails is retried by the drainer). Nothing in the catalog changes: an operator uses this after
 * a write the shop did not make itself.
 */
import type { ChangeAuthor } from '../catalog/change-scope';
import { getProductPlacement } from '../catalog/placements';
import { getDb } from '../db';
import { ConflictError } from '../errors';
import { edgePurgesDueNow } from '../revalidation/edge/edge-outbox';
import { foldPurgeRequests, retryNow, wakePurgeWorkers } from '../revalidation/outbox';
import { purgeNow } from '../revalidation/purge-now';
import type { PurgeResult } from '../revalidation/purge-result';
import type { RegeneratePage } from '../revalidation/regenerate';
import { productPath } from '../storefront/paths';
import type { ManualPurgeRequest } from '../validations/manual-purge';
import { commitCatalogChange } from './commit-catalog-change';

const OPERATOR: ChangeAuthor = { source: 'ADMIN', actor: 'operator (/api/revalidate)' };

export async function purgeManually(request: ManualPurgeRequest, regenerate: RegeneratePage): Promise<PurgeResult[]> {
  const { purge } = await commitCatalogChange(
    OPERATOR,
    async (scope) => {
      if ('paths' in request) {
        scope.addPaths(request.paths);
        return;
      }
      for (const slug of new Set(request.products)) {
        const current = await getProductPlacement(scope.tx, { slug });
        // Without the previous state, every page the product can be on; a product deleted
        // outright has no placement left, so its own page (now a 404) is all we know.
        if (current) scope.addChange({ kind: 'product-current', current });
        else scope.addPaths([productPath(slug)]);
      }
    },
    { regenerate },
  );
  return purge;
}

/**
 * An admin's "Retry now" on a page waiting in the outbox: due at once (its edge targets too),
 * regenerated in this request, and reported.
 */
export async function retryPurgeNow(path: string, regenerate: RegeneratePage): Promise<PurgeResult> {
  // A page the dashboard lists only from the request log is pending too: fold it in first.
  await foldPurgeRequests(getDb(), [path]);
  if (!(await retryNow(getDb(), path))) throw new ConflictError(`${path} is not waiting for a purge`);
  await edgePurgesDueNow(getDb(), path);
  await wakePurgeWorkers(getDb());
  const [result] = await purgeNow([path], regenerate);
  if (!result) throw new Error(`no purge result for ${path}`);
  return result;
}
