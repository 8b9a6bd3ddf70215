import { apiHandler } from '@/lib/http/api-handler';
import { assertRevalidateSecret } from '@/lib/revalidation/authorize';
import { DRAINER_GRACE_MS, drainDue } from '@/lib/revalidation/drain';
import { getEdgeTargets } from '@/lib/revalidation/edge/targets';

/**
 * Regenerates the purges that are due (retries after failures, rows a crashed process left).
 * Called every second by this server's own drainer (lib/revalidation/drainer.ts), or by an
 * operator or an external scheduler with the REVALIDATE_SECRET. 207 when some failed.
 */
export default apiHandler({
  POST: async (req, res) => {
    assertRevalidateSecret(req);
    const results = await drainDue((path) => res.revalidate(path), 50, getEdgeTargets(), DRAINER_GRACE_MS);
    res.status(results.every((r) => r.ok) ? 200 : 207).json({ drained: results.length, results });
  },
});
