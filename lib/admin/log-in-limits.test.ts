/**
 * The login limits under bursts and over time, against the real database. The file has a
 * database of its own: its clock jumps minutes ahead, and no other file's rows should meet it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { withOwnDatabase } from '../../testing/own-database';
import { logIn, type LogInOptions } from './log-in';
import { RetryLaterError } from './log-in-errors';
import { throttleKeyOf } from './login-throttle';
import { ACCOUNT_POLICY, IP_POLICY } from './login-throttle-rules';
import { checkPassword } from './passwords';
import { logInFixtures, manualClock, PASSWORD, statusOf } from '../../testing/admin/log-in-fixtures';

withOwnDatabase();
const { uniqueEmail, uniqueIp, createAdmin, cleanUp } = logInFixtures('limits');

afterAll(cleanUp);

/** The real check, counted; it yields once first, as a real check would, so attempts overlap. */
function countedCheck() {
  const calls: string[] = [];
  const check: NonNullable<LogInOptions['checkPassword']> = async (password, hash) => {
    calls.push(password);
    await new Promise((resolve) => setImmediate(resolve));
    return hash === null ? false : checkPassword(password, hash);
  };
  return { calls, check };
}

/** Counts each status in a list of statuses. */
function tally(statuses: number[]): Record<number, number> {
  return statuses.reduce<Record<number, number>>((counts, s) => ({ ...counts, [s]: (counts[s] ?? 0) + 1 }), {});
}

/** The Retry-After a refused attempt carries (fails the test when it is not refused). */
async function retryAfterOf(attempt: Promise<unknown>): Promise<number> {
  const error: unknown = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof RetryLaterError)) throw new Error(`expected a refusal, got ${String(error)}`);
  expect(error.status).toBe(429);
  return error.retryAfterSeconds;
}

describe('a burst of wrong passwords', () => {
  it(`for one account gets exactly ${ACCOUNT_POLICY.freeFailures} password checks, the rest 429`, async () => {
    const email = await createAdmin('burst');
    const { calls, check } = countedCheck();
    const attempts = Array.from({ length: 25 }, (_, i) =>
      statusOf(logIn({ email, password: `guess ${i}`, ip: uniqueIp(`burst-${i}`) }, { checkPassword: check })),
    );
    expect(tally(await Promise.all(attempts))).toEqual({ 401: 5, 429: 20 });
    expect(calls).toHaveLength(ACCOUNT_POLICY.freeFailures);
  });

  it(`from one address gets exactly ${IP_POLICY.freeFailures} password checks, the rest 429`, async () => {
    const ip = uniqueIp('spray');
    const { calls, check } = countedCheck();
    const attempts = Array.from({ length: 25 }, (_, i) =>
      statusOf(logIn({ email: uniqueEmail(`spray-${i}`), password: 'x', ip }, { checkPassword: check })),
    );
    expect(tally(await Promise.all(attempts))).toEqual({ 401: 20, 429: 5 });
    expect(calls).toHaveLength(IP_POLICY.freeFailures);
  });
});

describe('the account limit', () => {
  it('blocks for 15 s, then 30 s, 1, 2 and 4 minutes, and never longer than 5 minutes', async () => {
    const email = await createAdmin('progressive');
    const ip = uniqueIp('progressive');
    const clock = manualClock();
    const attempt = (password: string) => logIn({ email, password, ip }, { now: clock.now });
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures; i++) expect(await statusOf(attempt(`guess ${i}`))).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const wait = await retryAfterOf(attempt(PASSWORD));
      waits.push(wait);
      clock.advance(wait * 1000);
      expect(await statusOf(attempt(`late guess ${i}`))).toBe(401);
    }
    expect(waits).toEqual([15, 30, 60, 120, 240, 300, 300]);
  });

  it('lets the right password in once the block has passed, and then starts counting afresh', async () => {
    const email = await createAdmin('comeback');
    const clock = manualClock();
    const attempt = (password: string) => logIn({ email, password, ip: uniqueIp('comeback') }, { now: clock.now });
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures; i++) await statusOf(attempt(`guess ${i}`));
    expect(await retryAfterOf(attempt(PASSWORD))).toBe(15);
    clock.advance(15_000);
    expect(await statusOf(attempt(PASSWORD))).toBe(200);
    expect(await getDb().loginThrottle.findUnique({ where: { key: throttleKeyOf.account(email) } })).toBeNull();
    // Five free failures again, and the first block is the shortest again.
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures; i++) expect(await statusOf(attempt(`again ${i}`))).toBe(401);
    expect(await retryAfterOf(attempt(PASSWORD))).toBe(15);
  });

  it('forgets the failures after 15 quiet minutes', async () => {
    const email = await createAdmin('quiet');
    const clock = manualClock();
    const attempt = (password: string) => logIn({ email, password, ip: uniqueIp('quiet') }, { now: clock.now });
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures; i++) await statusOf(attempt(`guess ${i}`));
    clock.advance(ACCOUNT_POLICY.forgetAfterMs);
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures; i++) expect(await statusOf(attempt(`later ${i}`))).toBe(401);
    expect(await retryAfterOf(attempt(PASSWORD))).toBe(15);
  });
});

describe('the address limit', () => {
  it('does not count a right password against the address', async () => {
    const ip = uniqueIp('mostly-wrong');
    const email = await createAdmin('mostly-wrong');
    await getDb().loginThrottle.create({
      data: { key: throttleKeyOf.ip(ip), failures: IP_POLICY.freeFailures - 1, lastFailureAt: new Date() },
    });
    expect(await statusOf(logIn({ email, password: PASSWORD, ip }))).toBe(200);
    // Still one failure to go: the success above took its reservation back, block included.
    expect(await statusOf(logIn({ email: uniqueEmail('mostly-wrong-2'), password: 'x', ip }))).toBe(401);
    expect(await statusOf(logIn({ email, password: PASSWORD, ip }))).toBe(429);
  });
});
