import { z } from 'zod';
import { adminApiHandler } from '@/lib/admin/admin-api';
import { retryPurgeNow } from '@/lib/changes/manual-purge';
import { isOutboxPath } from '@/lib/storefront/paths';
import { regeneratorFor } from '@/lib/http/regenerator';

const retrySchema = z.object({ path: z.string().refine(isOutboxPath, 'Not a page or document the purge rebuilds') });

export default adminApiHandler({
  POST: async (req, res) => {
    const { path } = retrySchema.parse(req.body);
    const result = await retryPurgeNow(path, regeneratorFor(res));
    res.status(200).json({ result });
  },
});
