/**
 * What /api/health reports: whether the database answers, and whether the purge outbox and the
 * webhook inbox are keeping up (a purge or a delivery pending longer than
 * PURGE_MAX_PENDING_SECONDS means some page may show an old price). Healthy means all of them.
 */
import { getDb } from './db';
import { getEnv } from './env';
import { queueState, type QueueState } from './revalidation/queue-state';
import { inboxState, type InboxState } from './webhooks/inbox-listing';

export interface Health {
  ok: boolean;
  database: { ok: true } | { ok: false; error: string };
  purgeQueue: (QueueState & { ok: boolean; maxPendingSeconds: number; drainer: string }) | null;
  webhookInbox: (InboxState & { ok: boolean }) | null;
}

export async function checkHealth(): Promise<Health> {
  const maxPendingSeconds = getEnv().PURGE_MAX_PENDING_SECONDS;
  try {
    const [state, inbox] = await Promise.all([queueState(getDb()), inboxState(getDb())]);
    const keepsUp = (oldest: number | null) => oldest === null || oldest <= maxPendingSeconds;
    const queueOk = keepsUp(state.oldestPendingSeconds);
    // A delivery that failed for good needs a person: the catalog may be missing a change.
    const inboxOk = keepsUp(inbox.oldestPendingSeconds) && inbox.failed === 0;
    // Without the secret the drainer cannot run, so nothing that fails would ever be retried. A
    // web instance runs none (its worker does): a stuck worker shows as purges pending too long.
    const web = getEnv().PURGE_ROLE === 'web';
    const drainerOk = web || Boolean(getEnv().REVALIDATE_SECRET);
    return {
      ok: queueOk && inboxOk && drainerOk,
      database: { ok: true },
      purgeQueue: {
        ...state,
        ok: queueOk,
        maxPendingSeconds,
        drainer: web
          ? 'on the worker (PURGE_ROLE=web)'
          : drainerOk
            ? 'enabled'
            : 'disabled: REVALIDATE_SECRET is not set',
      },
      webhookInbox: { ...inbox, ok: inboxOk },
    };
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n').at(-1)?.trim() ?? 'error') : String(error);
    return { ok: false, database: { ok: false, error: message }, purgeQueue: null, webhookInbox: null };
  }
}
