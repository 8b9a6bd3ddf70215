/**
 * The arithmetic of an open-loop load (wrk2-style): request i of a run at `rate` per second is
 * due at `i / rate` seconds after the start, whether or not earlier ones have answered, and its
 * latency counts from that due time, not from when it actually left. A server that stalls for a
 * second then shows every request due in that second as slow, instead of the client quietly
 * sending fewer of them (coordinated omission). Pure, so it is unit tested (open-loop.test.ts).
 */

/** The due time (ms after the start) of request `index` (0-based). */
export function dueAt(index: number, rate: number): number {
  return (index * 1000) / rate;
}

/**
 * How many requests are due by `elapsedMs` after the start: those with due time <= elapsed.
 * The sender sends the ones from `sent` up to this count, late ones included.
 */
export function dueCount(elapsedMs: number, rate: number): number {
  if (elapsedMs < 0) return 0;
  return Math.floor((elapsedMs * rate) / 1000) + 1;
}

/** The indexes to send now, given how many were sent: [sent, dueCount). */
export function indexesDue(elapsedMs: number, rate: number, sent: number): number[] {
  const due = dueCount(elapsedMs, rate);
  return Array.from({ length: Math.max(0, due - sent) }, (_, i) => sent + i);
}

/**
 * A request's latency in the open-loop sense: from when it was due (`startedAt` + its due time)
 * to when its answer was complete. Never less than the time it was actually in flight.
 */
export function openLoopLatency(startedAt: number, index: number, rate: number, completedAt: number): number {
  return completedAt - (startedAt + dueAt(index, rate));
}

/**
 * The phase a request belongs to: the last phase begun at or before its due time. `phases` are
 * [name, startMs] in the order they began (start times relative to the same clock as `due`).
 */
export function phaseAt(phases: readonly (readonly [string, number])[], due: number): string | undefined {
  let current: string | undefined;
  for (const [name, since] of phases) {
    if (since <= due) current = name;
    else break;
  }
  return current;
}
