import { apiHandler } from '@/lib/http/api-handler';

/**
 * For load balancers and container health checks: 200 whenever this process serves requests.
 * It serves pages from its cache even while the database or a purge is in trouble, so those
 * belong to /api/health (monitoring), not to whether traffic should reach it.
 */
export default apiHandler({
  GET: (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).json({ ok: true });
    return Promise.resolve();
  },
});
