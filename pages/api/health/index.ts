import { checkHealth } from '@/lib/health';
import { apiHandler } from '@/lib/http/api-handler';

/**
 * For monitoring: 200 when the database answers and the purge outbox and webhook inbox keep up,
 * 503 otherwise; never cached. Not for load-balancer probes (use /api/health/live): one stuck
 * page must alert someone, not take every instance out of rotation.
 */
export default apiHandler({
  GET: async (_req, res) => {
    const health = await checkHealth();
    res.setHeader('Cache-Control', 'no-store');
    res.status(health.ok ? 200 : 503).json(health);
  },
});
