import { getEnv } from '../env';
import { QUEUE_POLICY } from '../queue-policy';

/**
 * How long the drainer leaves a queued purge to the request that made it. A worker takes it at
 * once: in a split deployment a web instance's request never regenerates, it only waits, and a
 * request on the worker (the back office) claims what its passes have not taken and waits for the rest.
 */
export function purgeGraceMs(): number {
  return getEnv().PURGE_ROLE === 'worker' ? 0 : QUEUE_POLICY.requestWindowMs;
}
