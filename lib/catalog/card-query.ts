import { getDb } from '../db';
import { reshapeProductCard } from './reshape';
import type { ProductCard } from './types';

/** The Prisma `select` every product card needs, kept in one place so listings stay alike. */
export const productCardSelect = {
  slug: true,
  title: true,
  images: { select: { url: true, alt: true, width: true, height: true }, orderBy: { position: 'asc' }, take: 1 },
  variants: {
    select: { sku: true, title: true, price: true, currency: true, compareAtPrice: true, stock: true },
    orderBy: { position: 'asc' },
  },
} as const;

/**
 * The cards of `ids`, in that order (a listing page's, a search page's), of the products that are
 * still shown: one read for the whole page.
 */
export async function productCardsInOrder(ids: readonly number[]): Promise<ProductCard[]> {
  const cards = await getDb().product.findMany({
    where: { id: { in: [...ids] }, status: 'ACTIVE' },
    select: { id: true, ...productCardSelect },
  });
  const byId = new Map(cards.map((card) => [card.id, card]));
  return ids.flatMap((id) => {
    const card = byId.get(id);
    return card ? [reshapeProductCard(card)] : [];
  });
}
