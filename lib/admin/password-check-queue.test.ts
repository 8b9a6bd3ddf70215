import { describe, expect, it } from 'vitest';
import { RetryLaterError } from './log-in-errors';
import { createPasswordCheckQueue } from './password-check-queue';

/** A check that runs until `finish` is called, and says whether it has started. */
function heldCheck() {
  let finish = (): void => undefined;
  const done = new Promise<boolean>((resolve) => {
    finish = () => resolve(false);
  });
  const check = { started: false, finish, run: () => ((check.started = true), done) };
  return check;
}

describe('createPasswordCheckQueue', () => {
  it('runs one check at a time and refuses with 503 beyond the waiting room, without running it', async () => {
    const queue = createPasswordCheckQueue({ concurrency: 1, maxWaiting: 2 });
    const checks = [heldCheck(), heldCheck(), heldCheck()];
    const results = checks.map((check) => queue.run(check.run));
    const extra = heldCheck();
    const refused = queue.run(extra.run);
    await expect(refused).rejects.toBeInstanceOf(RetryLaterError);
    await expect(refused).rejects.toMatchObject({ status: 503, retryAfterSeconds: 5 });
    expect(extra.started).toBe(false);
    expect(checks.map((check) => check.started)).toEqual([true, false, false]);

    checks[0]?.finish();
    await results[0];
    expect(checks.map((check) => check.started)).toEqual([true, true, false]);
    // A place is free again.
    const later = heldCheck();
    const accepted = queue.run(later.run);
    for (const check of [...checks, later]) check.finish();
    await Promise.all([...results, accepted]);
    expect(later.started).toBe(true);
  });
});
