import { apiHandler } from '@/lib/http/api-handler';
import { CART_COOKIE } from '@/lib/cart/cart-token';
import { readCart } from '@/lib/cart/cart';

/** The shopper's cart with the database's prices now; the header reads its count. */
export default apiHandler({
  GET: async (req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    res.status(200).json(await readCart(req.cookies[CART_COOKIE]));
  },
});
