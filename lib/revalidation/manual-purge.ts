/**
 * What /api/revalidate does once the caller is authenticated: purge explicit paths, or
 * every page that can show the named products (their current placement, see paths-for-change).
 */
import { getDb } from '../db';
import { getEnv } from '../env';
import { getProductPlacement } from '../catalog/placements';
import { pathsForChange } from './paths-for-change';
import { purgeNow } from './drain';
import { queuePages } from './outbox';
import type { PurgeResult, RegeneratePage } from './regenerate';
import type { ManualPurgeRequest } from '../validations/manual-purge';
import { productPath } from '../storefront/paths';

export async function purgeManually(request: ManualPurgeRequest, regenerate: RegeneratePage): Promise<PurgeResult[]> {
  const paths = 'paths' in request ? [...new Set(request.paths)] : await pathsShowingProducts(request.products);
  // Through the outbox, like every other purge: a page that fails is retried by the drainer.
  await queuePages(getDb(), paths);
  return purgeNow(paths, regenerate);
}

async function pathsShowingProducts(slugs: string[]): Promise<string[]> {
  const pageSize = getEnv().CATEGORY_PAGE_SIZE;
  const paths = new Set<string>();
  for (const slug of new Set(slugs)) {
    const current = await getProductPlacement(getDb(), { slug });
    // A product deleted outright has no placement left: its own page (now a 404) is all we know.
    const found = current ? pathsForChange({ kind: 'product-current', current }, pageSize) : [productPath(slug)];
    for (const path of found) paths.add(path);
  }
  return [...paths].sort();
}
