import type { CartNotice } from '@/lib/http/shopper-action';

const NOTICES: Record<CartNotice, string> = {
  'sold-out': 'Sorry, that is sold out.',
  'stock-limit': 'Your cart already holds all we have of that item.',
  'cart-full': 'Your cart holds as many different items as one payment can take. Check out first, then shop on.',
  currency: 'Your cart holds prices in another currency. Check out or empty it first.',
  'not-for-sale': 'That product is no longer for sale.',
  'prices-changed': 'Some prices changed since you added them. Please check the new prices below and confirm them.',
  'stock-short': 'We do not have enough left for some of your quantities. Please lower them and try again.',
  unavailable: 'Something in your cart is no longer for sale. Please remove it to continue.',
  empty: 'Your cart is empty.',
  'provider-down': 'The payment page could not be opened. Nothing was charged; please try again.',
  invalid: 'That did not work. Please try again.',
};

/** Why the shopper was sent back to the cart; unknown codes show nothing (a link cannot put words here). */
export function CartNoticeMessage({ notice }: { notice: string | null }) {
  const text = notice && Object.hasOwn(NOTICES, notice) ? NOTICES[notice as CartNotice] : null;
  if (!text) return null;
  return (
    <p className="notice" role="alert" data-notice={notice}>
      {text}
    </p>
  );
}
