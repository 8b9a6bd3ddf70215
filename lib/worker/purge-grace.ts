import { getEnv } from '../env';
import { QUEUE_POLICY } from '../queue-policy';

/**
 * How long the drainer leaves a queued purge to the request that made it. A worker takes it at
 * once: in a split deployment the web instance's request never regenerates, it only waits.
 */
export function purgeGraceMs(): number {
  return getEnv().PURGE_ROLE === 'worker' ? 0 : QUEUE_POLICY.requestWindowMs;
}
