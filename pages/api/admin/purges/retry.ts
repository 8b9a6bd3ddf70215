import { z } from 'zod';
import { adminApiHandler } from '@/lib/admin/admin-api';
import { retryPurgeNow } from '@/lib/changes/manual-purge';
import { isStorefrontPath } from '@/lib/storefront/paths';

const retrySchema = z.object({ path: z.string().refine(isStorefrontPath, 'Not a storefront page') });

export default adminApiHandler({
  POST: async (req, res) => {
    const { path } = retrySchema.parse(req.body);
    const result = await retryPurgeNow(path, (p) => res.revalidate(p));
    res.status(200).json({ result });
  },
});
