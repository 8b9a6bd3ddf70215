/**
 * The drain timer: started once per `next start` process from instrumentation.ts, it checks for
 * due webhook deliveries, purges, listing rebalances and bulk jobs nobody runs every
 * `PURGE_DRAIN_INTERVAL_MS` and, when there are some, asks this same server to drain them
 * (`POST /api/purge-queue/drain`, which renders with `res.revalidate`). Several processes may run
 * it at once: claims use SKIP LOCKED and leases.
 *
 * By PURGE_ROLE: `all` (default) runs it as above; `web` does not run it at all; `worker` also
 * drains the moment a change commits (LISTEN, lib/revalidation/purge-events.ts), in this process
 * and with no due checks first (drain-committed.ts), and with no grace for the change's own
 * request: a web instance's request never regenerates, and one on the worker itself (the back
 * office, docs/scaling.md) claims what its passes have not taken and waits for the rest.
 */
import { getDb } from '../db';
import { getEnv } from '../env';
import { QUEUE_POLICY } from '../queue-policy';
import { hasStalledBulkJobs } from '../catalog/bulk-price-jobs';
import { hasDueRebalances } from '../changes/rebalance-listings';
import { hasDueDeliveries } from '../webhooks/inbox';
import { hasDuePurges } from '../revalidation/outbox';
import { releaseUnsettledClaims } from '../revalidation/unsettled-claims';
import { listenForPurgeEvents, onPurgesDue } from '../revalidation/purge-events';
import { drainCommitted } from './drain-committed';
import { purgeGraceMs } from './purge-grace';
import { singleFlight, singleFlightAfter } from './single-flight';

let started = false;

export function startDrainTimer(): void {
  if (started) return;
  started = true;
  const env = getEnv();
  if (env.PURGE_ROLE === 'web') {
    console.info('drain timer: PURGE_ROLE=web, so this instance neither drains nor regenerates: a worker does');
    return;
  }
  const secret = env.REVALIDATE_SECRET;
  if (!secret) {
    console.error(
      'drain timer: REVALIDATE_SECRET is not set, so failed purges are NOT retried (/api/health answers 503)',
    );
    return;
  }
  const onError = (error: unknown) => console.error('drain timer:', error instanceof Error ? error.message : error);
  const drain = singleFlight(() => drainUntilIdle(secret), onError);
  const timer = setInterval(() => {
    // The worker's listening connection comes back on the next tick after it dropped.
    if (env.PURGE_ROLE === 'worker') void listenForPurgeEvents();
    drain.wake();
  }, env.PURGE_DRAIN_INTERVAL_MS);
  timer.unref();
  if (env.PURGE_ROLE === 'worker') {
    // The worker drains as soon as a change commits, not on the next tick: the web instances'
    // requests wait for it. Flights of their own, so neither a timer pass nor a feed rebuild
    // holds the next change's pages back. The shared documents start once the pages a change
    // queued are done: both render on this one thread, and a feed rebuilt beside a product page
    // slows the page a save is waiting for (docs/purge.md).
    const pages = singleFlight(() => drainCommitted('pages', drain.wake), onError);
    const documents = singleFlightAfter(pages, () => drainCommitted('documents', drain.wake), onError);
    const passes = [pages, documents];
    const wakeAll = () => passes.forEach((pass) => pass.wake());
    onPurgesDue(wakeAll);
    void listenForPurgeEvents().then(wakeAll);
  }
}

/** Drains until nothing is due: a drain pass takes one batch, a bulk change queues many. */
async function drainUntilIdle(secret: string): Promise<void> {
  while (await drainOnce(secret)) {
    // a full batch was drained: look again at once
  }
}

/** One drain pass through this server; true when it took a full batch, so more may be due. */
async function drainOnce(secret: string): Promise<boolean> {
  await releaseUnsettledClaims(getDb());
  const [purges, deliveries, jobs, rebalances] = await Promise.all([
    hasDuePurges(getDb(), purgeGraceMs()),
    hasDueDeliveries(getDb(), QUEUE_POLICY.requestWindowMs),
    hasStalledBulkJobs(),
    hasDueRebalances(),
  ]);
  if (!purges && !deliveries && !jobs && !rebalances) return false;
  const response = await fetch(`${ownOrigin()}/api/purge-queue/drain`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secret}` },
    signal: AbortSignal.timeout(120_000),
  });
  if (!response.ok && response.status !== 207) {
    throw new Error(`drain answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  }
  const { drained, deliveries: applied } = (await response.json()) as { drained: number; deliveries: unknown[] };
  return drained >= QUEUE_POLICY.claimBatch || applied.length >= QUEUE_POLICY.inboxDrainBatch;
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
