/**
 * PostgreSQL LISTEN/NOTIFY between the processes that share the purge outbox, so nobody polls:
 * - `page_purges_due`: rows were queued or made due (outbox.ts `wakePurgeWorkers`, sent inside the
 *   change's transaction, so it arrives at commit). A `PURGE_ROLE=worker` drains on it.
 * - `page_purges_settled`: a claim was settled. The payload says which page, the generation the
 *   claim rendered, and whether the row is now DONE, still pending, or retrying (`Settlement`). A
 *   request waiting for pages another process regenerates needs nothing more when the row is DONE
 *   at a generation that counts its change, and reads the row only when the claim failed or an
 *   edge still owes it.
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

/** A settled claim, as `page_purges_settled` carries it (JSON). */
export interface Settlement {
  path: string;
  /** The generation the claim rendered. */
  generation: number;
  /**
   * `done`: the row is DONE at that generation (rendered and at every edge, nothing asked for since).
   * `pending`: rendered, but the row moved on meanwhile (a later change, or a re-render the render
   * guard asked for because the render may predate a change): a later claim settles it.
   * `retrying`: failed, or an edge still owes it; the row says why.
   */
  outcome: 'done' | 'pending' | 'retrying';
}

const OUTCOMES: readonly Settlement['outcome'][] = ['done', 'pending', 'retrying'];

interface Waiter {
  paths: ReadonlySet<string>;
  arrived: Settlement[];
  /** The listening connection dropped while it waited: notices may have been lost. */
  missed: boolean;
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
    if (listener.client === client) {
      listener.client = undefined;
      // What was announced meanwhile is lost: the waiters read the rows from now on.
      for (const waiter of listener.waiters) {
        waiter.missed = true;
        waiter.wake();
      }
    }
    client.end().catch(() => undefined);
  };
  client.on('error', drop);
  client.on('end', drop);
  client.on('notification', (message) => {
    if (message.channel === PURGES_DUE_CHANNEL) for (const onDue of listener.onDue) onDue();
    else if (message.channel === PURGES_SETTLED_CHANNEL) deliver(parseSettlement(message.payload ?? ''));
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

export function formatSettlement(settlement: Settlement): string {
  return JSON.stringify(settlement);
}

/** A payload that is not a settlement (a process of an older release sends the bare path) says only "look at the row". */
export function parseSettlement(payload: string): Settlement {
  try {
    const value = JSON.parse(payload) as Partial<Settlement>;
    if (
      typeof value.path === 'string' &&
      Number.isInteger(value.generation) &&
      OUTCOMES.includes(value.outcome as Settlement['outcome'])
    ) {
      return {
        path: value.path,
        generation: value.generation as number,
        outcome: value.outcome as Settlement['outcome'],
      };
    }
  } catch {
    // not JSON: the bare path
  }
  return { path: payload, generation: 0, outcome: 'retrying' };
}

function deliver(settlement: Settlement): void {
  for (const waiter of listener.waiters) {
    if (!waiter.paths.has(settlement.path)) continue;
    waiter.arrived.push(settlement);
    waiter.wake();
  }
}

/** Calls `onDue` whenever some process queues purges; returns the unsubscribe. */
export function onPurgesDue(onDue: () => void): () => void {
  listener.onDue.add(onDue);
  return () => listener.onDue.delete(onDue);
}

export interface SettlementWatch {
  /** False once the listening connection is down (or was at the start): the caller reads the rows. */
  readonly listening: boolean;
  /** The settlements of the watched paths that arrived since the last call. */
  take(): Settlement[];
  /** Resolves once a settlement has arrived, or at `deadline` (every `waitPollMs` while not listening). */
  until(deadline: number): Promise<void>;
  close(): void;
}

/**
 * Collects the settlements of claims on `paths` until closed. Open it BEFORE reading the rows: a
 * settlement between the read and the wait is then still delivered.
 */
export async function watchSettlements(paths: readonly string[]): Promise<SettlementWatch> {
  const connected = await listenForPurgeEvents();
  let woken = () => {};
  const waiter: Waiter = { paths: new Set(paths), arrived: [], missed: !connected, wake: () => woken() };
  listener.waiters.add(waiter);
  return {
    get listening() {
      return !waiter.missed;
    },
    take: () => waiter.arrived.splice(0),
    until: async (deadline) => {
      if (waiter.arrived.length > 0) return;
      const ms = waiter.missed ? Math.min(QUEUE_POLICY.waitPollMs, deadline - Date.now()) : deadline - Date.now();
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        woken = resolve;
        timer = setTimeout(resolve, Math.max(0, ms));
      });
      clearTimeout(timer);
      woken = () => {};
    },
    close: () => listener.waiters.delete(waiter),
  };
}

/** Closes the listening connection (tests, and a process shutting down). */
export async function stopListeningForPurgeEvents(): Promise<void> {
  const client = listener.client ?? (await listener.connecting);
  listener.client = undefined;
  await client?.end().catch(() => undefined);
}
