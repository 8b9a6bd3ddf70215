import Link from 'next/link';
import { useEffect, useState } from 'react';
import { cartItemsWord, fetchCartCount } from './cart-count';

/**
 * The header's cart link. Storefront pages are static and the same for everyone, so the count
 * is not in their HTML: the browser asks for it (the cart cookie is httpOnly) after loading, with
 * the island on pages without React (islands/cart-count.ts, the same markup) and with the effect
 * below on pages that run React and do not know the count (`count`, which the cart page passes).
 */
export function CartLink({ count: knownCount }: { count?: number }) {
  const [fetchedCount, setFetchedCount] = useState<number | null>(null);
  useEffect(() => {
    if (knownCount !== undefined) return;
    const controller = new AbortController();
    fetchCartCount(controller.signal)
      .then((count) => count !== null && setFetchedCount(count))
      .catch(() => undefined); // the link still works without a count
    return () => controller.abort();
  }, [knownCount]);
  const count = knownCount ?? fetchedCount;
  return (
    <Link href="/cart" className="cart-link" data-cart-count={count ?? undefined}>
      Cart
      {count !== null && count > 0 && (
        <span className="cart-count">
          {' '}
          ({count}
          <span className="visually-hidden"> {cartItemsWord(count)}</span>)
        </span>
      )}
    </Link>
  );
}
