import { z } from 'zod';
import { adminApiHandler } from '@/lib/admin/admin-api';
import { saveProduct } from '@/lib/admin/save-product';
import { productUpdateSchema } from '@/lib/validations/product-update';

const idSchema = z.coerce.number().int().positive();

export default adminApiHandler({
  PUT: async (req, res, admin) => {
    const id = idSchema.parse(req.query.id);
    const input = productUpdateSchema.parse(req.body);
    const { version, results } = await saveProduct(id, input, admin, (path) => res.revalidate(path));
    res.status(200).json({ version, results });
  },
});
