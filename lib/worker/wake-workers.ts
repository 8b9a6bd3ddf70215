import { getDb } from '../db';
import { wakePurgeWorkers } from '../revalidation/outbox';

/** Wakes the `PURGE_ROLE=worker` processes now (a bulk job a web instance created is theirs to run). */
export function wakeWorkers(): Promise<void> {
  return wakePurgeWorkers(getDb());
}
