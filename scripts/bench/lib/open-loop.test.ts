import { describe, expect, it } from 'vitest';
import { dueAt, dueCount, indexesDue, openLoopLatency, phaseAt } from './open-loop';

describe('open-loop schedule', () => {
  it('spaces requests 1/rate apart from the start', () => {
    expect([0, 1, 2, 40].map((i) => dueAt(i, 40))).toEqual([0, 25, 50, 1000]);
  });

  it('counts the requests due so far, the first one at once', () => {
    expect(dueCount(-1, 40)).toBe(0);
    expect(dueCount(0, 40)).toBe(1);
    expect(dueCount(24.9, 40)).toBe(1);
    expect(dueCount(25, 40)).toBe(2);
    expect(dueCount(1000, 40)).toBe(41);
  });

  it('sends every request that fell due while the sender was stalled, none twice', () => {
    // The sender's timer fired at 0 ms, then not again until 300 ms (a stalled event loop).
    const first = indexesDue(0, 40, 0);
    const late = indexesDue(300, 40, first.length);
    expect(first).toEqual([0]);
    expect(late).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(indexesDue(300, 40, 13)).toEqual([]);
  });
});

describe('open-loop latency', () => {
  it('counts from the due time, so a request sent late carries the delay', () => {
    // Request 4 at 40/s was due at 100 ms; it answered at 1,110 ms after the start.
    expect(openLoopLatency(5_000, 4, 40, 6_110)).toBe(1_010);
  });

  it('is the plain round trip when the request left on time', () => {
    expect(openLoopLatency(0, 0, 40, 12)).toBe(12);
  });
});

describe('phases', () => {
  const phases = [
    ['warm', 0],
    ['idle', 2_000],
    ['bulk', 10_000],
  ] as const;

  it('gives a request the phase in force at its due time', () => {
    expect(phaseAt(phases, 1_999)).toBe('warm');
    expect(phaseAt(phases, 2_000)).toBe('idle');
    expect(phaseAt(phases, 9_999.9)).toBe('idle');
    expect(phaseAt(phases, 60_000)).toBe('bulk');
  });

  it('has no phase before the first one began', () => {
    expect(phaseAt(phases.slice(1), 10)).toBeUndefined();
  });
});
