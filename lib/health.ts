/**
 * What /api/health reports: whether the database answers, and whether the purge outbox is
 * keeping up (a purge pending longer than PURGE_MAX_PENDING_SECONDS means some page may show
 * an old price). Healthy means both.
 */
import { getDb } from './db';
import { getEnv } from './env';
import { queueState, type QueueState } from './revalidation/outbox';

export interface Health {
  ok: boolean;
  database: { ok: true } | { ok: false; error: string };
  purgeQueue: (QueueState & { ok: boolean; maxPendingSeconds: number; drainer: string }) | null;
}

export async function checkHealth(): Promise<Health> {
  const maxPendingSeconds = getEnv().PURGE_MAX_PENDING_SECONDS;
  try {
    const state = await queueState(getDb());
    const queueOk = state.oldestPendingSeconds === null || state.oldestPendingSeconds <= maxPendingSeconds;
    // Without the secret the drainer cannot run, so nothing that fails would ever be retried.
    const drainerOk = Boolean(getEnv().REVALIDATE_SECRET);
    return {
      ok: queueOk && drainerOk,
      database: { ok: true },
      purgeQueue: {
        ...state,
        ok: queueOk,
        maxPendingSeconds,
        drainer: drainerOk ? 'enabled' : 'disabled: REVALIDATE_SECRET is not set',
      },
    };
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n').at(-1)?.trim() ?? 'error') : String(error);
    return { ok: false, database: { ok: false, error: message }, purgeQueue: null };
  }
}
