import { adminApiHandler } from '@/lib/admin/admin-api';
import { HttpError } from '@/lib/http/errors';
import { dbIdOrNull } from '@/lib/validations/db-id';
import { saveProduct } from '@/lib/admin/save-product';
import { productUpdateSchema } from '@/lib/validations/product-update';
import { regeneratorFor } from '@/lib/http/regenerator';

export default adminApiHandler({
  PUT: async (req, res, admin) => {
    const id = dbIdOrNull(req.query.id);
    if (id === null) throw new HttpError(404, 'Product not found');
    const input = productUpdateSchema.parse(req.body);
    const { version, results } = await saveProduct(id, input, admin, regeneratorFor(res));
    res.status(200).json({ version, results });
  },
});
