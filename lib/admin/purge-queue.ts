import { getDb } from '../db';
import { HttpError } from '../http/errors';
import { purgeNow } from '../revalidation/purge-now';
import { edgePurgesDueNow } from '../revalidation/edge/edge-outbox';
import { listQueue, queueState, retryNow } from '../revalidation/outbox';
import type { PurgeResult } from '../revalidation/purge-result';
import type { RegeneratePage } from '../revalidation/regenerate';

/** What the dashboard's purge page shows. */
export async function loadPurgeQueue() {
  const [lists, counts] = await Promise.all([listQueue(getDb()), queueState(getDb())]);
  return { ...lists, pendingCount: counts.pending, failingCount: counts.failing };
}

/** An admin's "Retry now" on a pending purge: regenerate it immediately and say how it went. */
export async function retryPurge(path: string, regenerate: RegeneratePage): Promise<PurgeResult> {
  if (!(await retryNow(getDb(), path))) throw new HttpError(409, `${path} is not waiting for a purge`);
  await edgePurgesDueNow(getDb(), path);
  const [result] = await purgeNow([path], regenerate);
  if (!result) throw new Error(`no purge result for ${path}`);
  return result;
}
