import { z } from 'zod';
import { adminApiHandler } from '@/lib/admin/admin-api';
import { settledSince } from '@/lib/admin/purge-queue';
import { isOutboxPath } from '@/lib/storefront/paths';

const statusSchema = z.object({
  path: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.string().refine(isOutboxPath, 'Not a page or document the purge rebuilds')).min(1).max(500)),
});

/** Which of the pages a save reported queued are settled now (the dashboard follows them until they are). */
export default adminApiHandler({
  GET: async (req, res) => {
    const { path } = statusSchema.parse(req.query);
    res.status(200).json({ results: await settledSince(path) });
  },
});
