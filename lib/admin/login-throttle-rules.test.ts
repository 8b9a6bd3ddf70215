import { describe, expect, it } from 'vitest';
import { ACCOUNT_POLICY, decideAttempt, IP_POLICY, type ThrottleState } from './login-throttle-rules';

const START = new Date('2026-12-06T10:00:00Z');
const at = (ms: number) => new Date(START.getTime() + ms);
const fresh: ThrottleState = { failures: 0, lastFailureAt: START, blockedUntil: null };

/** Fails `count` times in a row, each attempt as soon as the key lets it; returns the blocks set. */
function failInARow(state: ThrottleState, count: number): { state: ThrottleState; blocksMs: number[] } {
  const blocksMs: number[] = [];
  for (let i = 0; i < count; i++) {
    const now = state.blockedUntil ?? state.lastFailureAt;
    const decision = decideAttempt(ACCOUNT_POLICY, state, now);
    if (!decision.admitted) throw new Error('refused although the block had passed');
    state = decision.next;
    if (state.blockedUntil) blocksMs.push(state.blockedUntil.getTime() - now.getTime());
  }
  return { state, blocksMs };
}

describe('decideAttempt', () => {
  it('gives an account 5 free failures, then blocks of 15 s doubling up to 5 minutes', () => {
    const { blocksMs } = failInARow(fresh, 12);
    expect(blocksMs.map((ms) => ms / 1000)).toEqual([15, 30, 60, 120, 240, 300, 300, 300]);
  });

  it('refuses while blocked, saying for how long, and counts nothing', () => {
    const { state } = failInARow(fresh, 5);
    const decision = decideAttempt(ACCOUNT_POLICY, state, at(10_000));
    expect(decision).toEqual({ admitted: false, retryAfterMs: 5_000 });
  });

  it('starts over after 15 minutes without a failure', () => {
    const { state } = failInARow(fresh, 7);
    const decision = decideAttempt(ACCOUNT_POLICY, state, new Date(state.lastFailureAt.getTime() + 15 * 60_000));
    expect(decision).toMatchObject({ admitted: true, next: { failures: 1, blockedUntil: null } });
  });

  it('gives an address 20 failures, then 15 minutes', () => {
    let state = fresh;
    for (let i = 0; i < 19; i++) {
      const decision = decideAttempt(IP_POLICY, state, START);
      if (!decision.admitted) throw new Error('refused too early');
      state = decision.next;
      expect(state.blockedUntil).toBeNull();
    }
    expect(decideAttempt(IP_POLICY, state, START)).toMatchObject({
      admitted: true,
      next: { blockedUntil: at(15 * 60_000) },
    });
  });
});
