/** Reads for the admin dashboard (never cached; every status is visible here). */
import { getDb } from '../db';
import type { Prisma } from '../generated/prisma/client';
import type { Money } from '../money/money';

export const ADMIN_PAGE_SIZE = 25;

export interface AdminProductFilters {
  search?: string;
  categoryId?: number;
  status?: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  page: number;
}

export interface AdminProductRow {
  id: number;
  title: string;
  slug: string;
  status: string;
  featured: boolean;
  minPrice: Money | null;
  maxPrice: Money | null;
  updatedAt: string;
}

function whereFor({ search, categoryId, status }: AdminProductFilters): Prisma.ProductWhereInput {
  const text = search?.trim();
  return {
    ...(status ? { status } : {}),
    ...(categoryId ? { categories: { some: { categoryId } } } : {}),
    ...(text
      ? {
          OR: [
            { title: { contains: text, mode: 'insensitive' } },
            { variants: { some: { sku: { contains: text, mode: 'insensitive' } } } },
          ],
        }
      : {}),
  };
}

export async function listProductsForAdmin(filters: AdminProductFilters) {
  const where = whereFor(filters);
  const [total, products] = await Promise.all([
    getDb().product.count({ where }),
    getDb().product.findMany({
      where,
      orderBy: { id: 'asc' },
      skip: (filters.page - 1) * ADMIN_PAGE_SIZE,
      take: ADMIN_PAGE_SIZE,
      select: {
        id: true,
        title: true,
        slug: true,
        status: true,
        featured: true,
        updatedAt: true,
        variants: { select: { price: true, currency: true } },
      },
    }),
  ]);
  const rows: AdminProductRow[] = products.map(({ variants, updatedAt, ...product }) => {
    const prices = variants.map((v) => v.price);
    const currency = variants[0]?.currency ?? 'USD';
    return {
      ...product,
      minPrice: prices.length ? { amount: Math.min(...prices), currency } : null,
      maxPrice: prices.length ? { amount: Math.max(...prices), currency } : null,
      updatedAt: updatedAt.toISOString(),
    };
  });
  return { total, rows, pageCount: Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE)) };
}

/** The selected products a bulk change can touch (archived ones are left out), in id order. */
export function listBulkSelection(ids: number[]): Promise<{ id: number; title: string; status: string }[]> {
  return getDb().product.findMany({
    where: { id: { in: ids }, status: { not: 'ARCHIVED' } },
    orderBy: { id: 'asc' },
    select: { id: true, title: true, status: true },
  });
}
