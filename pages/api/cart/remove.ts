import { shopperAction } from '@/lib/http/shopper-action';
import { CART_COOKIE } from '@/lib/cart/cart-token';
import { readCart, removeLine } from '@/lib/cart/cart';
import { removeLineInput } from '@/lib/validations/cart';

export default shopperAction(async (req) => {
  const token = req.cookies[CART_COOKIE];
  await removeLine(token, removeLineInput.parse(req.body).variantId);
  return { redirectTo: '/cart', json: await readCart(token) };
});
