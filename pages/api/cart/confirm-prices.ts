import { shopperAction } from '@/lib/http/shopper-action';
import { CART_COOKIE } from '@/lib/cart/cart-token';
import { confirmCartPrices, readCart } from '@/lib/cart/cart';
import { confirmPricesInput } from '@/lib/validations/cart';

/** The shopper has seen the new prices the cart page showed and accepts them. */
export default shopperAction(async (req) => {
  const token = req.cookies[CART_COOKIE];
  await confirmCartPrices(token, confirmPricesInput.parse(req.body).accepted);
  return { redirectTo: '/cart', json: await readCart(token) };
});
