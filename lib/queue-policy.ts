/**
 * Every timing, lease and backoff of the shop's durable queues (the webhook inbox, the purge
 * outbox and its edge targets), in one place: a failing delivery, page and edge purge back off
 * alike, and a reader sees at once every timer the purge lifecycle has and why.
 */
export const QUEUE_POLICY = {
  /** A claim keeps other workers off its row this long: far above one application or regeneration, and a crashed worker's rows come back after it. */
  claimLeaseSeconds: 60,
  /** The first retry after a failure comes after about this long; each further failure doubles it. */
  firstRetryMs: 1_000,
  /** The doubling stops here, so a row failing through a long outage is still retried every few minutes. */
  maxRetryMs: 5 * 60_000,
  /** A webhook delivery failing this often (about an hour of backoff) is not a passing outage: it waits, FAILED, for an operator. */
  maxDeliveryAttempts: 20,
  /** A change's own request has its pages this long after its commit: it waits for pages other workers hold, and the drainer leaves its rows alone (taking them would only race it). */
  requestWindowMs: 2_000,
  /** How often a request waiting for another worker's pages looks again: soon enough to answer promptly, rare enough to spare the database. */
  waitPollMs: 25,
  /** A page Redis did not take is retried within this however often it failed: once Redis is back it serves the page from before the change until the retry lands. */
  sharedCacheRetryMs: 2_000,
  /** A page already on its way into a cache when its purge finished (a render's result, an nginx fetch of a copy past its hour) lands within this: the render guard looks again and nginx refreshes that copy again. */
  inFlightWriteMs: 2_000,
  /** How often each server process checks for due rows (env PURGE_DRAIN_INTERVAL_MS overrides it). */
  drainIntervalMs: 1_000,
  /** Rows one worker claims at once (a request's chunk, one drain), so the last of them is rendered well inside its lease. */
  claimBatch: 100,
  /** Change transactions one process runs at once (lib/changes/change-turns.ts); the others wait in line. */
  changeTurnsPerProcess: 3,
  /** Webhook deliveries one drain pass applies, one at a time, before the purges get their turn. */
  inboxDrainBatch: 20,
} as const;

/** Full jitter over an exponential ceiling: 1 s, 2 s, 4 s, ... capped at `maxMs` (5 minutes). */
export function retryDelayMs(attempt: number, random = Math.random, maxMs: number = QUEUE_POLICY.maxRetryMs): number {
  const ceiling = Math.min(maxMs, QUEUE_POLICY.firstRetryMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
