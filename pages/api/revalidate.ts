import type { NextApiRequest, NextApiResponse } from 'next';
import { apiHandler } from '@/lib/http/api-handler';
import { assertRevalidateSecret } from '@/lib/http/revalidate-secret';
import { purgeManually } from '@/lib/changes/manual-purge';
import { failedPaths, queuedPaths } from '@/lib/revalidation/purge-result';
import { manualPurgeRequestSchema } from '@/lib/validations/manual-purge';
import { regeneratorFor } from '@/lib/http/regenerator';

/**
 * Operator purge. `?secret=<token>&path=/products/x` (the classic on-demand ISR form), or POST
 * with `Authorization: Bearer <token>` and `{"paths": [...]}` or `{"products": ["<slug>"]}`.
 */
async function revalidate(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  assertRevalidateSecret(req);
  const input: unknown = req.query.path !== undefined ? { paths: [req.query.path].flat() } : req.body;
  const request = manualPurgeRequestSchema.parse(input);
  const results = await purgeManually(request, regeneratorFor(res));
  const failed = failedPaths(results);
  if (failed.length > 0) {
    res.status(500).json({ revalidated: false, message: `Failed to revalidate ${failed.join(', ')}`, results });
    return;
  }
  const queued = queuedPaths(results);
  if (queued.length > 0) {
    // Accepted: another worker is regenerating these right now and finishes them from the outbox.
    res.status(202).json({ revalidated: false, queued, message: `Queued: ${queued.join(', ')}`, results });
    return;
  }
  res.status(200).json({ revalidated: true, now: Date.now(), results });
}

export default apiHandler({ GET: revalidate, POST: revalidate });
