/**
 * Password checks wait their turn here. bcrypt at cost 12 costs a core about a quarter of a
 * second: unbounded, a burst of sign-ins would take every core (and every libuv thread, which
 * file reads and DNS lookups share) from shoppers. One check at a time per process leaves the
 * other core to them; past `maxWaiting` queued checks the attempt is refused with 503 at once
 * instead of waiting for ever.
 */
import pLimit from 'p-limit';
import { RetryLaterError } from './log-in-errors';

export interface PasswordCheckQueueOptions {
  /** Checks running at once. */
  concurrency: number;
  /** Checks allowed to wait behind them. */
  maxWaiting: number;
}

export interface PasswordCheckQueue {
  /** Runs `check` in turn; rejects with 503 (RetryLaterError) without running it when the queue is full. */
  run<T>(check: () => Promise<T>): Promise<T>;
}

// About what a full queue takes to drain: 21 checks of about a quarter of a second each.
const BUSY_RETRY_AFTER_SECONDS = 5;

export function createPasswordCheckQueue({ concurrency, maxWaiting }: PasswordCheckQueueOptions): PasswordCheckQueue {
  const limit = pLimit(concurrency);
  return {
    run(check) {
      // p-limit counts a task as active or pending as soon as it is handed over, so this holds exactly.
      if (limit.activeCount + limit.pendingCount >= concurrency + maxWaiting) {
        const message = 'Too many sign-ins are being checked right now. Try again in a few seconds.';
        return Promise.reject(new RetryLaterError(503, message, BUSY_RETRY_AFTER_SECONDS));
      }
      return limit(check);
    },
  };
}

/** This process's queue; 20 waiting fits one address's whole failure budget (IP_POLICY). */
export const passwordCheckQueue = createPasswordCheckQueue({ concurrency: 1, maxWaiting: 20 });
