/** Category reads for the admin dashboard (never cached). */
import { getDb } from '../db';

export interface AdminCategoryOption {
  id: number;
  name: string;
  slug: string;
  /** Products a bulk change would touch: active and draft, not archived. */
  productCount: number;
}

/** Every category, in navigation order, with how many non-archived products it holds. */
export async function listCategoriesForAdmin(): Promise<AdminCategoryOption[]> {
  const categories = await getDb().category.findMany({
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      name: true,
      slug: true,
      _count: { select: { products: { where: { product: { status: { not: 'ARCHIVED' } } } } } },
    },
  });
  return categories.map(({ _count, ...category }) => ({ ...category, productCount: _count.products }));
}
