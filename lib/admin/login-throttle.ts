/**
 * Login rate limits, kept in the LoginAttempt table so they hold across processes and restarts:
 * at most MAX_FAILURES_PER_EMAIL failed attempts per account and MAX_FAILURES_PER_IP per client
 * address within the last LOGIN_WINDOW_MINUTES.
 *
 * Checking and recording are two separate statements, not one transaction. Concurrent attempts
 * can therefore all pass the check before any of them is recorded, so a burst may get a few
 * guesses past the limit; every one of them is still recorded and the next check sees it. The
 * limit is a brake on online guessing (each guess also costs a bcrypt check), not an exact quota,
 * and serialising every login through a lock would let an attacker stall real sign-ins.
 */
import { getDb } from '../db';
import { HttpError } from '../http/errors';

export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;

export interface LoginAttemptKey {
  /** Already normalised (see normalizeEmail). */
  email: string;
  ip: string;
}

/** Throws 429 when the account or the address has used up its failed attempts; records nothing. */
export async function assertLoginAllowed({ email, ip }: LoginAttemptKey): Promise<void> {
  const since = new Date(Date.now() - LOGIN_WINDOW_MINUTES * 60_000);
  const lockedUntil = await Promise.all([
    limitReachedUntil({ email }, MAX_FAILURES_PER_EMAIL, since),
    limitReachedUntil({ ip }, MAX_FAILURES_PER_IP, since),
  ]);
  const until = Math.max(...lockedUntil.map((date) => date?.getTime() ?? 0));
  if (until > Date.now()) {
    const minutes = Math.max(1, Math.ceil((until - Date.now()) / 60_000));
    throw new HttpError(
      429,
      `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    );
  }
}

/**
 * When the limit is reached, the time it is lifted: the moment the `limit`-th most recent failure
 * leaves the window, because from then on fewer than `limit` remain in it.
 */
async function limitReachedUntil(
  key: { email: string } | { ip: string },
  limit: number,
  since: Date,
): Promise<Date | undefined> {
  const oldestCounted = await getDb().loginAttempt.findFirst({
    where: { ...key, succeeded: false, createdAt: { gte: since } },
    orderBy: { createdAt: 'desc' },
    skip: limit - 1,
    select: { createdAt: true },
  });
  return oldestCounted ? new Date(oldestCounted.createdAt.getTime() + LOGIN_WINDOW_MINUTES * 60_000) : undefined;
}

export async function recordLoginAttempt(key: LoginAttemptKey, succeeded: boolean): Promise<void> {
  await getDb().loginAttempt.create({ data: { ...key, succeeded } });
}
