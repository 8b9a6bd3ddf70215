import { adminApiHandler } from '@/lib/admin/admin-api';
import { previewBulkPriceChange } from '@/lib/catalog/bulk-price-change';
import { bulkPricePreviewSchema } from '@/lib/validations/bulk-price';

// POST, not GET: the adjustment is a structured body, and admin POSTs get the same-origin check.
export default adminApiHandler({
  POST: async (req, res) => {
    const { target, adjustment, page } = bulkPricePreviewSchema.parse(req.body);
    res.status(200).json(await previewBulkPriceChange(target, adjustment, page));
  },
});
