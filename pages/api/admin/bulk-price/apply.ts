import { adminApiHandler } from '@/lib/admin/admin-api';
import { startBulkPriceJob } from '@/lib/admin/bulk-price-jobs';
import { bulkPriceApplySchema } from '@/lib/validations/bulk-price';

// 202: the job is created and runs in the background, batch by batch; the page follows its
// progress at /api/admin/bulk-price/jobs/<id>.
export default adminApiHandler({
  POST: async (req, res, admin) => {
    const input = bulkPriceApplySchema.parse(req.body);
    res.status(202).json({ job: await startBulkPriceJob(input, admin) });
  },
});
