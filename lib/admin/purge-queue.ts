import { getDb } from '../db';
import { listQueue, queueState } from '../revalidation/queue-state';

/** What the dashboard's purge page shows. */
export async function loadPurgeQueue() {
  const [lists, counts] = await Promise.all([listQueue(getDb()), queueState(getDb())]);
  return { ...lists, pendingCount: counts.pending, failingCount: counts.failing };
}
