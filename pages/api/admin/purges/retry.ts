import { z } from 'zod';
import { adminApiHandler } from '@/lib/admin/admin-api';
import { retryPurge } from '@/lib/admin/purge-queue';
import { isStorefrontPath } from '@/lib/storefront/paths';

const retrySchema = z.object({ path: z.string().refine(isStorefrontPath, 'Not a storefront page') });

export default adminApiHandler({
  POST: async (req, res) => {
    const { path } = retrySchema.parse(req.body);
    const result = await retryPurge(path, (p) => res.revalidate(p));
    res.status(200).json({ result });
  },
});
