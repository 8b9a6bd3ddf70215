/**
 * Login rate limits, kept in the LoginThrottle table so they hold across processes and restarts.
 * An attempt is counted as a failure of its address and of its account BEFORE its password is
 * checked, in one transaction that holds both rows locked: concurrent attempts take turns, so a
 * burst gets exactly the budget's number of password checks and no more. A right password then
 * gives the count back (see settleLoginAttempt). The rules themselves: login-throttle-rules.ts.
 */
import { getDb } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { inTransaction } from '../transaction';
import { describeWait, RetryLaterError } from './log-in-errors';
import {
  ACCOUNT_POLICY,
  decideAttempt,
  IP_POLICY,
  type ThrottlePolicy,
  type ThrottleState,
} from './login-throttle-rules';

export interface LoginAttemptKey {
  /** Already normalised (see normalizeEmail). */
  email: string;
  ip: string;
}

/** One key's share of a reservation: what to undo if the attempt turns out not to count. */
interface TakenKey {
  key: string;
  /** The block this attempt set, when it used up the budget. */
  blockedUntil: Date | null;
}

export interface LoginReservation {
  attempt: LoginAttemptKey;
  ip: TakenKey;
  account: TakenKey;
}

// Rows nobody has failed on for a day are deleted: far past every rule's memory (15 minutes).
const FORGET_ROWS_AFTER_MS = 24 * 60 * 60_000;

export const throttleKeyOf = {
  ip: (ip: string) => `ip:${ip}`,
  account: (email: string) => `account:${email}`,
};

/**
 * Counts this attempt as a failure of its address and its account; throws 429 (RetryLaterError)
 * without counting anything when either is blocked. Address first, then account, in every
 * transaction, so two attempts never wait for each other's rows in opposite orders.
 */
export async function reserveLoginAttempt(attempt: LoginAttemptKey, now: Date): Promise<LoginReservation> {
  return inTransaction(async (tx) => ({
    attempt,
    ip: await takeKey(tx, IP_POLICY, throttleKeyOf.ip(attempt.ip), now),
    account: await takeKey(tx, ACCOUNT_POLICY, throttleKeyOf.account(attempt.email), now),
  }));
}

async function takeKey(
  tx: Prisma.TransactionClient,
  policy: ThrottlePolicy,
  key: string,
  now: Date,
): Promise<TakenKey> {
  // The no-op update locks an existing row until the transaction ends; the insert creates one.
  const [state] = await tx.$queryRaw<ThrottleState[]>`
    INSERT INTO "LoginThrottle" (key, failures, "lastFailureAt") VALUES (${key}, 0, ${now})
    ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
    RETURNING failures, "lastFailureAt", "blockedUntil"`;
  if (!state) throw new Error(`LoginThrottle row ${key} was neither inserted nor found`);
  const decision = decideAttempt(policy, state, now);
  if (!decision.admitted) {
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    const message = `Too many failed sign-in attempts. Try again in ${describeWait(seconds)}.`;
    throw new RetryLaterError(429, message, seconds);
  }
  await tx.loginThrottle.update({ where: { key }, data: decision.next });
  return { key, blockedUntil: decision.next.blockedUntil };
}

/** Undoes a reservation whose password was never judged (the check queue was full, or it failed). */
export async function refundLoginAttempt(reservation: LoginReservation): Promise<void> {
  await refundKey(reservation.ip);
  await refundKey(reservation.account);
}

/**
 * After the password was judged: a wrong one stays counted; a right one gives the address its
 * failure back and forgets all of the account's failures, so its owner starts afresh. Both
 * outcomes go to the LoginAttempt audit log.
 */
export async function settleLoginAttempt(reservation: LoginReservation, succeeded: boolean, now: Date): Promise<void> {
  await getDb().loginAttempt.create({ data: { ...reservation.attempt, succeeded } });
  if (succeeded) {
    await refundKey(reservation.ip);
    await forgetAccountFailures(reservation.attempt.email);
  } else {
    await forgetQuietKeys(now);
  }
}

/** Lifts the account's limit (the operator's way out of a lockout: resetting the password). */
export async function forgetAccountFailures(email: string): Promise<void> {
  await getDb().loginThrottle.deleteMany({ where: { key: throttleKeyOf.account(email) } });
}

async function refundKey({ key, blockedUntil }: TakenKey): Promise<void> {
  // The block goes only if it is still the one this attempt set; a later attempt's stays.
  await getDb().$executeRaw`
    UPDATE "LoginThrottle"
       SET failures = GREATEST(failures - 1, 0),
           "blockedUntil" = CASE WHEN "blockedUntil" = ${blockedUntil} THEN NULL ELSE "blockedUntil" END
     WHERE key = ${key}`;
}

async function forgetQuietKeys(now: Date): Promise<void> {
  await getDb().loginThrottle.deleteMany({
    where: {
      lastFailureAt: { lt: new Date(now.getTime() - FORGET_ROWS_AFTER_MS) },
      OR: [{ blockedUntil: null }, { blockedUntil: { lt: now } }],
    },
  });
}
