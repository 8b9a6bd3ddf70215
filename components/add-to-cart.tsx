import type { VariantView } from '@/lib/catalog/types';
import { addToCartLabel, cannotAdd } from './picker-text';

/**
 * Adds the chosen variant to the cart with a plain form (the static page needs no script for it;
 * before the island runs it adds the variant the page shows). It sends the price shown beside it,
 * which the cart keeps only to tell the shopper if checkout finds another one: the price charged
 * is always the database's. The island (islands/variant-picker.ts) rewrites the hidden inputs and
 * the button when the shopper picks another variant.
 */
export function AddToCart({ variant, quantityId }: { variant: VariantView; quantityId: string }) {
  return (
    // autoComplete off: a reload must not restore another variant's hidden values before the island runs.
    <form method="post" action="/api/cart/add" className="add-to-cart" autoComplete="off">
      <input type="hidden" name="variantId" value={variant.id} />
      <input type="hidden" name="seenAmount" value={variant.price.amount} />
      <input type="hidden" name="seenCurrency" value={variant.price.currency} />
      <label htmlFor={quantityId}>Quantity</label>
      <input id={quantityId} name="quantity" type="number" min={1} max={99} defaultValue={1} inputMode="numeric" />
      <button type="submit" disabled={cannotAdd(variant)}>
        {addToCartLabel(variant)}
      </button>
    </form>
  );
}
