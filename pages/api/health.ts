import { checkHealth } from '@/lib/health';
import { apiHandler } from '@/lib/http/api-handler';

/** For load balancers and monitoring: 200 when healthy, 503 otherwise; never cached. */
export default apiHandler({
  GET: async (_req, res) => {
    const health = await checkHealth();
    res.setHeader('Cache-Control', 'no-store');
    res.status(health.ok ? 200 : 503).json(health);
  },
});
