import { apiHandler } from '@/lib/http/api-handler';
import { assertRevalidateSecret } from '@/lib/http/revalidate-secret';
import { QUEUE_POLICY } from '@/lib/queue-policy';
import { drainOutbox } from '@/lib/revalidation/drain';
import { getEdgeTargets } from '@/lib/revalidation/edge/targets';
import { deliveryAppliers } from '@/lib/webhooks/appliers';
import { drainInbox } from '@/lib/webhooks/process-inbox';

/**
 * Applies the webhook deliveries that are due, then regenerates the purges that are due (retries
 * after failures, rows a crashed process left). Called every second by this server's own drain timer
 * (lib/revalidation/drain-timer.ts), or by an operator or an external scheduler with the
 * REVALIDATE_SECRET. 207 when some failed.
 */
export default apiHandler({
  POST: async (req, res) => {
    assertRevalidateSecret(req);
    const regenerate = (path: string) => res.revalidate(path);
    const deliveries = await drainInbox(deliveryAppliers, regenerate, { graceMs: QUEUE_POLICY.requestWindowMs });
    const results = await drainOutbox(
      regenerate,
      QUEUE_POLICY.claimBatch,
      getEdgeTargets(),
      QUEUE_POLICY.requestWindowMs,
    );
    const ok = results.every((r) => r.ok) && deliveries.every((d) => d.status !== 'PENDING');
    res.status(ok ? 200 : 207).json({ drained: results.length, results, deliveries });
  },
});
