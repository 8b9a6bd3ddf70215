import { cartItemsWord, fetchCartCount } from '@/components/cart-count';

/**
 * The header's cart count on a page without React, in the markup components/cart-link.tsx
 * renders: `data-cart-count` on the link, and " (3 items)" with the word for screen readers only.
 */
export async function showCartCount(link: HTMLAnchorElement): Promise<void> {
  const count = await fetchCartCount();
  if (count === null) return; // the link still works without a count
  link.dataset.cartCount = String(count);
  link.querySelector('.cart-count')?.remove();
  if (count === 0) return;
  const words = document.createElement('span');
  words.className = 'visually-hidden';
  words.textContent = ` ${cartItemsWord(count)}`;
  const badge = document.createElement('span');
  badge.className = 'cart-count';
  badge.append(` (${count}`, words, ')');
  link.append(badge);
}
