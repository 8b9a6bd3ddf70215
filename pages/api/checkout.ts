import { shopperAction } from '@/lib/http/shopper-action';
import { requestOrigin } from '@/lib/http/same-origin';
import { CART_COOKIE } from '@/lib/cart/cart-token';
import { startCheckout } from '@/lib/checkout/start-checkout';

/**
 * Pays for the cart at the database's prices: 200 with Stripe's payment page (a form is sent
 * there), or 409 when a price changed since the shopper saw it or the stock is short. Anything
 * in the body (a price, a currency) is ignored: the cart and the database are the whole input.
 */
export default shopperAction(async (req) => {
  const { url } = await startCheckout(req.cookies[CART_COOKIE], requestOrigin(req));
  return { redirectTo: url, json: { url } };
});
