/** Logins under load: bcrypt stays off the event loop, and a full check queue answers 503 at once. */
import bcrypt from 'bcrypt';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { logIn } from './log-in';
import { RetryLaterError } from './log-in-errors';
import { throttleKeyOf } from './login-throttle';
import { logInFixtures, statusOf } from '../../testing/admin/log-in-fixtures';

const { uniqueEmail, uniqueIp, cleanUp } = logInFixtures('load');

afterAll(cleanUp);

const DUMMY_COST_12_HASH = '$2b$12$ZmQXwaPeIUhYzEwl1H2mu.t0Nu30MW0CRVwkLtXKGK3xBQRxh3N56';

/** How long one cost-12 check holds the thread it runs on: what a check on the event loop would block it for. */
function oneBlockingCheckMs(): number {
  const start = performance.now();
  bcrypt.compareSync('a wrong password', DUMMY_COST_12_HASH);
  return performance.now() - start;
}

describe('a burst of 10 wrong passwords', () => {
  it('leaves the event loop free while the checks run', async () => {
    const blockingMs = oneBlockingCheckMs();
    const ip = uniqueIp('loop');
    // Warm up first: the first query of a process compiles Prisma's query engine, on the loop.
    await statusOf(logIn({ email: uniqueEmail('loop-warm-up'), password: 'x', ip }));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    const before = performance.eventLoopUtilization();
    delay.enable();
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => statusOf(logIn({ email: uniqueEmail(`loop-${i}`), password: 'x', ip }))),
    );
    delay.disable();
    const busy = performance.eventLoopUtilization(before).utilization;
    expect(statuses).toEqual(Array.from({ length: 10 }, () => 401));
    // On the loop, each check would hold it for blockingMs (bcryptjs, chunked, ~100 ms at a time):
    // the typical timer tick would come that late, and the loop would be busy nearly all the time.
    // Off the loop it mostly waits. The median and a ratio, not the maximum: on a loaded machine
    // the odd tick comes late anyway (seen: 200 ms once, with the checks off the loop).
    const medianMs = delay.percentile(50) / 1e6;
    expect(medianMs, `median tick vs one blocking check of ${blockingMs.toFixed(0)} ms`).toBeLessThan(blockingMs / 8);
    expect(busy).toBeLessThan(0.5);
  });
});

describe('a full password check queue', () => {
  it('answers 503 with Retry-After at once, and the refused attempts do not count', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let running = 0;
    let mostRunning = 0;
    const checkPassword = async () => {
      mostRunning = Math.max(mostRunning, ++running);
      await held;
      running -= 1;
      return false;
    };
    // 1 running + 20 waiting fill the queue; the 2 beyond are refused.
    const attempts = Array.from({ length: 23 }, (_, i) => {
      const request = { email: uniqueEmail(`queue-${i}`), password: 'x', ip: uniqueIp(`queue-${i}`) };
      return {
        request,
        outcome: logIn(request, { checkPassword }).then(
          () => 200,
          (error: unknown) => error,
        ),
      };
    });
    const refused = await firstSettled(
      attempts.map((a) => a.outcome),
      2,
    );
    for (const error of refused) expect(error).toMatchObject({ status: 503, retryAfterSeconds: 5 });
    expect(refused.every((error) => error instanceof RetryLaterError)).toBe(true);
    release();
    const statuses = await Promise.all(attempts.map((a) => statusOf(a.outcome.then(rethrow))));
    expect(statuses.filter((s) => s === 401)).toHaveLength(21);
    expect(mostRunning).toBe(1);
    // The two refused attempts gave their reservations back; the others stay counted.
    const throttles = await getDb().loginThrottle.findMany({
      where: { key: { in: attempts.map((a) => throttleKeyOf.ip(a.request.ip)) } },
    });
    expect(throttles.map((t) => t.failures).sort((a, b) => a - b)).toEqual([
      ...Array<number>(2).fill(0),
      ...Array<number>(21).fill(1),
    ]);
  });
});

/** The values of the first `count` promises to settle, in the order they settled. */
function firstSettled<T>(promises: Promise<T>[], count: number): Promise<T[]> {
  const settled: T[] = [];
  return new Promise((resolve) => {
    for (const promise of promises) {
      void promise.then((value) => {
        settled.push(value);
        if (settled.length === count) resolve([...settled]);
      });
    }
  });
}

function rethrow(value: unknown): unknown {
  if (value instanceof Error) throw value;
  return value;
}
