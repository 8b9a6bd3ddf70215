/**
 * PostgreSQL LISTEN/NOTIFY between the processes that share the purge outbox, so nobody polls:
 * - `page_purges_due`: rows were queued or made due (outbox.ts `wakePurgeWorkers`, sent inside the
 *   change's transaction, so it arrives at commit). A `PURGE_ROLE=worker` drains on it.
 * - `page_purges_settled`, with the path: a claim on it was settled (done, failed, or waiting for
 *   an edge target). A request waiting for pages another process regenerates looks again on it.
 *
 * One listening connection per process, opened on first use and again after it drops. While it
 * is down, waits fall back to looking every `waitPollMs` and the worker to its drain timer, so a
 * lost connection slows the purge but never loses one.
 */
import pg from 'pg';
import { getEnv } from '../env';
import { QUEUE_POLICY } from '../queue-policy';

export const PURGES_DUE_CHANNEL = 'page_purges_due';
export const PURGES_SETTLED_CHANNEL = 'page_purges_settled';

interface Waiter {
  paths: ReadonlySet<string>;
  wake: () => void;
}

interface Listener {
  client?: pg.Client;
  connecting?: Promise<pg.Client | undefined>;
  onDue: Set<() => void>;
  waiters: Set<Waiter>;
}

// On globalThis: each API route's bundle has its own copy of this module, one connection serves all.
const globalForEvents = globalThis as unknown as { purgeEvents?: Listener };
const listener = (globalForEvents.purgeEvents ??= { onDue: new Set(), waiters: new Set() });

/** Opens the listening connection if it is not open; resolves false while the database refuses it. */
export async function listenForPurgeEvents(): Promise<boolean> {
  if (listener.client) return true;
  listener.connecting ??= connect().finally(() => {
    listener.connecting = undefined;
  });
  return Boolean(await listener.connecting);
}

async function connect(): Promise<pg.Client | undefined> {
  const client = new pg.Client({ connectionString: getEnv().DATABASE_URL, connectionTimeoutMillis: 5_000 });
  const drop = () => {
    if (listener.client === client) listener.client = undefined;
    client.end().catch(() => undefined);
  };
  client.on('error', drop);
  client.on('end', drop);
  client.on('notification', (message) => {
    if (message.channel === PURGES_DUE_CHANNEL) for (const onDue of listener.onDue) onDue();
    else if (message.channel === PURGES_SETTLED_CHANNEL) wakeWaitersFor(message.payload ?? '');
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${PURGES_DUE_CHANNEL}; LISTEN ${PURGES_SETTLED_CHANNEL}`);
    listener.client = client;
    return client;
  } catch {
    drop();
    return undefined;
  }
}

function wakeWaitersFor(path: string): void {
  for (const waiter of listener.waiters) if (waiter.paths.has(path)) waiter.wake();
}

/** Calls `onDue` whenever some process queues purges; returns the unsubscribe. */
export function onPurgesDue(onDue: () => void): () => void {
  listener.onDue.add(onDue);
  return () => listener.onDue.delete(onDue);
}

/**
 * A signal that resolves when a claim on one of `paths` is settled, or at `deadline`. Take it
 * BEFORE reading the rows: a settlement between the read and the wait then still wakes it.
 */
export async function settledSignal(paths: readonly string[]): Promise<{ until: (deadline: number) => Promise<void> }> {
  const listening = await listenForPurgeEvents();
  let wake = () => {};
  const woken = new Promise<void>((resolve) => (wake = resolve));
  const waiter: Waiter = { paths: new Set(paths), wake };
  listener.waiters.add(waiter);
  return {
    until: async (deadline) => {
      // Without the connection nothing wakes us: look again soon, as before there was one.
      const ms = listening ? deadline - Date.now() : Math.min(QUEUE_POLICY.waitPollMs, deadline - Date.now());
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))));
      await Promise.race([woken, timedOut]);
      clearTimeout(timer);
      listener.waiters.delete(waiter);
    },
  };
}

/** Closes the listening connection (tests, and a process shutting down). */
export async function stopListeningForPurgeEvents(): Promise<void> {
  const client = listener.client ?? (await listener.connecting);
  listener.client = undefined;
  await client?.end().catch(() => undefined);
}
