import { shopperAction } from '@/lib/http/shopper-action';
import { CART_COOKIE } from '@/lib/cart/cart-token';
import { confirmCartPrices, readCart } from '@/lib/cart/cart';

/** The shopper has seen the new prices the cart page showed and accepts them. */
export default shopperAction(async (req) => {
  const token = req.cookies[CART_COOKIE];
  await confirmCartPrices(token);
  return { redirectTo: '/cart', json: await readCart(token) };
});
