import { z } from 'zod';
import { adminApiHandler } from '@/lib/admin/admin-api';
import { retryDelivery } from '@/lib/admin/webhook-inbox';
import { dbId } from '@/lib/validations/db-id';
import { regeneratorFor } from '@/lib/http/regenerator';

const retrySchema = z.object({ id: dbId });

export default adminApiHandler({
  POST: async (req, res) => {
    const { id } = retrySchema.parse(req.body);
    const report = await retryDelivery(id, regeneratorFor(res));
    res.status(200).json({ report });
  },
});
