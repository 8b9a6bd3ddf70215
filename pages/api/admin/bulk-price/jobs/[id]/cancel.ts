import { adminApiHandler } from '@/lib/admin/admin-api';
import { cancelBulkPriceJob } from '@/lib/catalog/bulk-price-jobs';
import { HttpError } from '@/lib/http/errors';
import { dbIdOrNull } from '@/lib/validations/db-id';

/** Stops a running bulk job after its current batch; what is committed stays. */
export default adminApiHandler({
  POST: async (req, res) => {
    const id = dbIdOrNull(req.query.id);
    if (id === null) throw new HttpError(404, 'Bulk job not found');
    res.status(200).json({ job: await cancelBulkPriceJob(id) });
  },
});
