import Link from 'next/link';
import { useEffect, useState } from 'react';

/**
 * The header's cart link. Storefront pages are static and the same for everyone, so the count
 * is not in their HTML: the browser asks for it (the cart cookie is httpOnly) after loading.
 */
export function CartLink() {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/cart', { cache: 'no-store', signal: controller.signal })
      .then((res) => (res.ok ? (res.json() as Promise<{ count: number }>) : null))
      .then((cart) => cart && setCount(cart.count))
      .catch(() => undefined); // the link still works without a count
    return () => controller.abort();
  }, []);
  return (
    <Link href="/cart" className="cart-link" data-cart-count={count ?? undefined}>
      Cart
      {count !== null && count > 0 && (
        <span className="cart-count">
          {' '}
          ({count}
          <span className="visually-hidden"> {count === 1 ? 'item' : 'items'}</span>)
        </span>
      )}
    </Link>
  );
}
