import { shopperAction } from '@/lib/http/shopper-action';
import { CART_COOKIE } from '@/lib/cart/cart-token';
import { readCart, setLineQuantity } from '@/lib/cart/cart';
import { setQuantityInput } from '@/lib/validations/cart';

export default shopperAction(async (req) => {
  const token = req.cookies[CART_COOKIE];
  const { variantId, quantity } = setQuantityInput.parse(req.body);
  await setLineQuantity(token, variantId, quantity);
  return { redirectTo: '/cart', json: await readCart(token) };
});
