import { adminApiHandler } from '@/lib/admin/admin-api';
import { moveToFront } from '@/lib/admin/move-to-front';
import { HttpError } from '@/lib/http/errors';
import { regeneratorFor } from '@/lib/http/regenerator';
import { dbIdOrNull } from '@/lib/validations/db-id';
import { moveToFrontSchema } from '@/lib/validations/move-to-front';

export default adminApiHandler({
  POST: async (req, res, admin) => {
    const id = dbIdOrNull(req.query.id);
    if (id === null) throw new HttpError(404, 'Product not found');
    const { categoryId } = moveToFrontSchema.parse(req.body);
    const { position, results } = await moveToFront(id, categoryId, admin, regeneratorFor(res));
    res.status(200).json({ position, results });
  },
});
