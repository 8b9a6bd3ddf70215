/**
 * How the shop's durable queues (the webhook inbox, the purge outbox) retry and lease their rows:
 * one policy, so a failing delivery and a failing page back off the same way.
 */

/** How long a claim protects a row from other workers; far above any one application or regeneration. */
export const CLAIM_LEASE_SECONDS = 60;
const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 5 * 60_000;

/** Full jitter over an exponential ceiling: 1 s, 2 s, 4 s, ... capped at 5 minutes. */
export function retryDelayMs(attempt: number, random = Math.random, maxMs = MAX_RETRY_MS): number {
  const ceiling = Math.min(maxMs, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Failed attempts after which a webhook delivery stops being retried (about an hour with the
 * backoff above) and waits, marked FAILED, for an operator: it is not a passing outage any more.
 */
export const MAX_DELIVERY_ATTEMPTS = 20;
