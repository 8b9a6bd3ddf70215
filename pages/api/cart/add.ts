import { shopperAction } from '@/lib/http/shopper-action';
import { CART_COOKIE, cartCookie } from '@/lib/cart/cart-token';
import { addToCart, readCart } from '@/lib/cart/cart';
import { addToCartInput } from '@/lib/validations/cart';

export default shopperAction(async (req, res) => {
  const { token } = await addToCart(req.cookies[CART_COOKIE], addToCartInput.parse(req.body));
  res.setHeader('Set-Cookie', cartCookie(token));
  return { redirectTo: '/cart', json: await readCart(token) };
});
