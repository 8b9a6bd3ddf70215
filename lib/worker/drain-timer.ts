/**
 * The drain timer: started once per `next start` process from instrumentation.ts, it checks for
 * due webhook deliveries and purges every `PURGE_DRAIN_INTERVAL_MS` and, when there are some,
 * asks this same server to drain them (`POST /api/purge-queue/drain`). Regeneration needs a
 * request context (`res.revalidate`), which is why the timer calls the route instead of
 * draining itself. Several processes may run it at once: claims use SKIP LOCKED and leases.
 */
import { getDb } from '../db';
import { getEnv } from '../env';
import { QUEUE_POLICY } from '../queue-policy';
import { hasDueDeliveries } from '../webhooks/inbox';
import { hasDuePurges } from '../revalidation/outbox';
import { releaseUnsettledClaims } from '../revalidation/unsettled-claims';

let started = false;

export function startDrainTimer(): void {
  if (started) return;
  started = true;
  const env = getEnv();
  const secret = env.REVALIDATE_SECRET;
  if (!secret) {
    console.error(
      'drain timer: REVALIDATE_SECRET is not set, so failed purges are NOT retried (/api/health answers 503)',
    );
    return;
  }
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    drainOnce(secret)
      .catch((error: unknown) => console.error('drain timer:', error instanceof Error ? error.message : error))
      .finally(() => {
        busy = false;
      });
  }, env.PURGE_DRAIN_INTERVAL_MS);
  timer.unref();
}

async function drainOnce(secret: string): Promise<void> {
  await releaseUnsettledClaims(getDb());
  const [purges, deliveries] = await Promise.all([
    hasDuePurges(getDb(), QUEUE_POLICY.requestWindowMs),
    hasDueDeliveries(getDb(), QUEUE_POLICY.requestWindowMs),
  ]);
  if (!purges && !deliveries) return;
  const response = await fetch(`${ownOrigin()}/api/purge-queue/drain`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secret}` },
    signal: AbortSignal.timeout(120_000),
  });
  if (!response.ok && response.status !== 207) {
    throw new Error(`drain answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  }
}

/**
 * This server's own address: PURGE_DRAIN_ORIGIN if set, else the one `next start` recorded when
 * it began listening (it honours `-H` and `-p`), else 127.0.0.1:$PORT.
 */
function ownOrigin(): string {
  return (
    getEnv().PURGE_DRAIN_ORIGIN ??
    process.env.__NEXT_PRIVATE_ORIGIN ??
    `http://127.0.0.1:${process.env.PORT ?? '3000'}`
  ).replace(/\/+$/, '');
}
