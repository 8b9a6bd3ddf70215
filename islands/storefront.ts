/**
 * The storefront's one script (public/islands/storefront.<hash>.js, built by scripts/lib/islands.ts).
 * Storefront pages ship without Next's client runtime; this fills in their interactive bits.
 */
import { showCartCount } from './cart-count';
import { mountVariantPicker } from './variant-picker';

// Pages that run React (the cart, checkout, and every page under `next dev`) keep their cart
// count in React: the island must not change a tree React hydrated.
const reactOwnsPage = document.getElementById('__NEXT_DATA__') !== null;
const cartLink = document.querySelector<HTMLAnchorElement>('a.cart-link');
if (cartLink && !reactOwnsPage) {
  showCartCount(cartLink).catch(() => undefined); // the link still works without a count
  // Back from the cart restores this page from the browser's memory, with the count it had then.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) showCartCount(cartLink).catch(() => undefined);
  });
}
document.querySelectorAll<HTMLElement>('.variant-picker').forEach((picker) => {
  try {
    mountVariantPicker(picker);
  } catch (error) {
    // The picker stays as the server wrote it (groups disabled, the form adding the price shown).
    console.error('variant picker:', error);
  }
});
