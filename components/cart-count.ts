/**
 * The header's cart count, shared by the React cart link (pages that run React) and the
 * storefront island (static pages without Next's runtime), so both ask and word it alike.
 */

/** The count in GET /api/cart (the cart cookie is httpOnly, so the browser must ask), or null. */
export async function fetchCartCount(signal?: AbortSignal): Promise<number | null> {
  const res = await fetch('/api/cart', { cache: 'no-store', signal });
  if (!res.ok) return null;
  const { count } = (await res.json()) as { count: unknown };
  return Number.isSafeInteger(count) ? (count as number) : null;
}

/** "item" or "items", read after the number by screen readers only. */
export function cartItemsWord(count: number): string {
  return count === 1 ? 'item' : 'items';
}
