import { adminApiHandler } from '@/lib/admin/admin-api';
import { applyBulkPriceChange } from '@/lib/catalog/bulk-price-change';
import { purgeCatalogChanges } from '@/lib/revalidation/purge-changes';
import { bulkPriceApplySchema } from '@/lib/validations/bulk-price';

export default adminApiHandler({
  POST: async (req, res, admin) => {
    const { target, adjustment, expectedVersions } = bulkPriceApplySchema.parse(req.body);
    const { updated, changes } = await applyBulkPriceChange(target, adjustment, expectedVersions, admin);
    // Only after the commit: a page regenerated inside the transaction would read the old prices.
    const results = await purgeCatalogChanges(changes, (path) => res.revalidate(path));
    // 200 even when some pages failed: the prices are saved; each result says which pages are stale.
    res.status(200).json({ updated, results });
  },
});
