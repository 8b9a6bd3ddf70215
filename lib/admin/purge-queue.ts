import { getDb } from '../db';
import { listQueue, queueState, settledPurges } from '../revalidation/queue-state';

/** What the dashboard's purge page shows. */
export async function loadPurgeQueue() {
  const [lists, counts] = await Promise.all([listQueue(getDb()), queueState(getDb())]);
  return { ...lists, pendingCount: counts.pending, failingCount: counts.failing };
}

/** Which of `paths`, reported queued after a save, are settled now: done, or failed and retried. */
export function settledSince(paths: readonly string[]) {
  return settledPurges(getDb(), paths);
}
