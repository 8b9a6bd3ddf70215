/**
 * The change road's transactions take turns within a process: at most `changeTurnsPerProcess`
 * run at once. A burst of writes (200 dashboard saves and a webhook storm at once) would otherwise
 * run every transaction's queries side by side on the process's one event loop, and a shopper's
 * request served by the same process would wait behind all of that work. In turns, the loop
 * serves shoppers between the writes' queries; a write waits in line here rather than for a pooled
 * connection (docs/benchmarks.md, "Shoppers under write load").
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { QUEUE_POLICY } from '../queue-policy';

// On globalThis: each API route's bundle has its own copy of this module, one line serves all.
const globalForTurns = globalThis as unknown as { changeTurns?: LimitFunction };

export function inChangeTurn<T>(work: () => Promise<T>): Promise<T> {
  globalForTurns.changeTurns ??= pLimit(QUEUE_POLICY.changeTurnsPerProcess);
  return globalForTurns.changeTurns(work);
}
