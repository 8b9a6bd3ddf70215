import type { GetServerSideProps } from 'next';
import { CartNoticeMessage } from '@/components/cart/cart-notice';
import { CartTable } from '@/components/cart/cart-table';
import { CheckoutButton } from '@/components/cart/checkout-button';
import { Layout } from '@/components/layout';
import { Price } from '@/components/price';
import { StorefrontLink } from '@/components/storefront-link';
import { readCart, type CartView } from '@/lib/cart/cart';
import { CART_COOKIE } from '@/lib/cart/cart-token';
import { paymentsAreTestMode } from '@/lib/stripe/client';

interface CartPageProps {
  cart: CartView;
  notice: string | null;
  testMode: boolean;
}

/** The cart is the shopper's own: rendered per request, never cached (the edge passes /cart). */
export const getServerSideProps: GetServerSideProps<CartPageProps> = async ({ req, res, query }) => {
  res.setHeader('Cache-Control', 'private, no-store');
  return {
    props: {
      cart: await readCart(req.cookies[CART_COOKIE]),
      notice: typeof query.notice === 'string' ? query.notice : null,
      testMode: paymentsAreTestMode(),
    },
  };
};

export default function CartPage({ cart, notice, testMode }: CartPageProps) {
  const changed = cart.lines.filter((line) => line.priceChanged);
  const canPay = cart.lines.length > 0 && changed.length === 0 && cart.lines.every((l) => l.available) && cart.subtotal;
  return (
    <Layout title="Your cart" noindex cartCount={cart.count}>
      <h1>Your cart</h1>
      <CartNoticeMessage notice={notice} />
      {cart.lines.length === 0 ? (
        <p>
          Your cart is empty. <StorefrontLink href="/">Continue shopping</StorefrontLink>
        </p>
      ) : (
        <>
          <CartTable lines={cart.lines} />
          {changed.length > 0 && (
            <section className="price-changes" aria-labelledby="price-changes-heading">
              <h2 id="price-changes-heading">Prices changed</h2>
              <ul>
                {changed.map((line) => (
                  <li key={line.variantId} data-sku={line.sku}>
                    {line.productTitle}
                    {line.variantTitle && ` (${line.variantTitle})`}:{' '}
                    <Price money={line.seenPrice} className="old-price" /> →{' '}
                    <Price money={line.price} className="new-price" />
                  </li>
                ))}
              </ul>
              <form method="post" action="/api/cart/confirm-prices">
                {changed.map((line) => (
                  <input
                    key={line.variantId}
                    type="hidden"
                    name="accepted"
                    value={`${line.variantId}:${line.price.amount}:${line.price.currency}`}
                  />
                ))}
                <button type="submit">Accept the new prices</button>
              </form>
            </section>
          )}
          <section className="cart-summary" aria-label="Summary">
            {cart.subtotal && (
              <p className="subtotal">
                Subtotal: <Price money={cart.subtotal} className="cart-subtotal" />
              </p>
            )}
            <p className="cart-note">Shipping and taxes, if any, are shown on the payment page.</p>
            {testMode && (
              <p className="test-mode" data-test-mode>
                Test mode: no real payment is taken.
              </p>
            )}
            {canPay && <CheckoutButton />}
          </section>
        </>
      )}
    </Layout>
  );
}
