import type { VariantView } from '@/lib/catalog/types';

/**
 * Adds the chosen variant to the cart with a plain form (the static page needs no script for it;
 * before hydration it adds the variant the page shows). It sends the price shown beside it, which
 * the cart keeps only to tell the shopper if checkout finds another one: the price charged is
 * always the database's.
 */
export function AddToCart({ variant, quantityId }: { variant: VariantView; quantityId: string }) {
  const soldOut = variant.stockState.kind === 'sold-out';
  return (
    <form method="post" action="/api/cart/add" className="add-to-cart">
      <input type="hidden" name="variantId" value={variant.id} />
      <input type="hidden" name="seenAmount" value={variant.price.amount} />
      <input type="hidden" name="seenCurrency" value={variant.price.currency} />
      <label htmlFor={quantityId}>Quantity</label>
      <input id={quantityId} name="quantity" type="number" min={1} max={99} defaultValue={1} inputMode="numeric" />
      <button type="submit" disabled={soldOut}>
        {soldOut ? 'Sold out' : 'Add to cart'}
      </button>
    </form>
  );
}
