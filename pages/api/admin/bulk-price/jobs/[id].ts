import { adminApiHandler } from '@/lib/admin/admin-api';
import { getBulkPriceJob } from '@/lib/catalog/bulk-price-jobs';
import { HttpError } from '@/lib/http/errors';
import { dbIdOrNull } from '@/lib/validations/db-id';

/** A bulk job's progress: the page asks for it while the job runs. */
export default adminApiHandler({
  GET: async (req, res) => {
    const id = dbIdOrNull(req.query.id);
    if (id === null) throw new HttpError(404, 'Bulk job not found');
    res.status(200).json({ job: await getBulkPriceJob(id) });
  },
});
