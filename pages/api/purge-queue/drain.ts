import { apiHandler } from '@/lib/http/api-handler';
import { assertRevalidateSecret } from '@/lib/http/revalidate-secret';
import { drainDue } from '@/lib/worker/drain-due';
import { regeneratorFor } from '@/lib/http/regenerator';

/**
 * Applies the webhook deliveries and regenerates the purges that are due. Called every second by
 * this server's own drain timer (lib/worker/drain-timer.ts), or by an operator or an external
 * scheduler with the REVALIDATE_SECRET. 207 when some failed.
 */
export default apiHandler({
  POST: async (req, res) => {
    assertRevalidateSecret(req);
    const { ok, results, deliveries } = await drainDue(regeneratorFor(res));
    res.status(ok ? 200 : 207).json({ drained: results.length, results, deliveries });
  },
});
