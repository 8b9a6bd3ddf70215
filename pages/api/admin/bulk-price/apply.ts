import { adminApiHandler } from '@/lib/admin/admin-api';
import { applyBulkPrice } from '@/lib/admin/apply-bulk-price';
import { bulkPriceApplySchema } from '@/lib/validations/bulk-price';
import { regeneratorFor } from '@/lib/http/regenerator';

export default adminApiHandler({
  POST: async (req, res, admin) => {
    const input = bulkPriceApplySchema.parse(req.body);
    const { updated, results } = await applyBulkPrice(input, admin, regeneratorFor(res));
    // 200 even when some pages failed: the prices are saved; each result says which pages are stale.
    res.status(200).json({ updated, results });
  },
});
