/**
 * The login limits as pure rules; lib/admin/login-throttle.ts applies them to a database row it
 * holds locked. Each key (a client address, an account) may fail `freeFailures` times; the
 * failure that uses up the budget blocks the key for `firstBlockMs`, and each later failure for
 * twice as long as the one before, up to `maxBlockMs`. After `forgetAfterMs` without a failure
 * the key starts over. A blocked key is refused without its password being checked.
 */
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

export interface ThrottlePolicy {
  scope: 'ip' | 'account';
  freeFailures: number;
  firstBlockMs: number;
  maxBlockMs: number;
  forgetAfterMs: number;
}

/** The main brake on guessing: 20 failures from one address, then 15 minutes of nothing. */
export const IP_POLICY: ThrottlePolicy = {
  scope: 'ip',
  freeFailures: 20,
  firstBlockMs: 15 * MINUTE,
  maxBlockMs: 15 * MINUTE,
  forgetAfterMs: 15 * MINUTE,
};

/**
 * Per account, from any address: short and growing (15 s, 30 s, 1 min, 2 min, 4 min, then 5 min
 * each), because anyone who knows the email can trip it and the owner must not be shut out long.
 */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  scope: 'account',
  freeFailures: 5,
  firstBlockMs: 15 * SECOND,
  maxBlockMs: 5 * MINUTE,
  forgetAfterMs: 15 * MINUTE,
};

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
  blockedUntil: Date | null;
}

export type ThrottleDecision = { admitted: true; next: ThrottleState } | { admitted: false; retryAfterMs: number };

/** Whether an attempt may have its password checked now, and the state that counts it as a failure. */
export function decideAttempt(policy: ThrottlePolicy, state: ThrottleState, now: Date): ThrottleDecision {
  if (state.blockedUntil && state.blockedUntil > now) {
    return { admitted: false, retryAfterMs: state.blockedUntil.getTime() - now.getTime() };
  }
  const forgiven = now.getTime() - state.lastFailureAt.getTime() >= policy.forgetAfterMs;
  const failures = (forgiven ? 0 : state.failures) + 1;
  const blockedUntil =
    failures >= policy.freeFailures ? new Date(now.getTime() + blockDurationMs(policy, failures)) : null;
  return { admitted: true, next: { failures, lastFailureAt: now, blockedUntil } };
}

/** How long the `failures`-th failure blocks the key (only called once the budget is used up). */
export function blockDurationMs(policy: ThrottlePolicy, failures: number): number {
  const doublings = Math.min(Math.max(failures - policy.freeFailures, 0), 30);
  return Math.min(policy.firstBlockMs * 2 ** doublings, policy.maxBlockMs);
}
