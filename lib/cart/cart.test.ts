import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { addToCart, confirmCartPrices, pruneExpiredCarts, readCart, removeLine, setLineQuantity } from './cart';
import { cartIdOf } from './cart-token';

const PREFIX = `cart-${Date.now().toString(36)}`;
let seq = 0;

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

async function variant(price: number, currency: string, stock: number, status: 'ACTIVE' | 'DRAFT' = 'ACTIVE') {
  seq += 1;
  const product = await getDb().product.create({
    data: {
      slug: `${PREFIX}-${seq}`,
      title: `Product ${seq}`,
      status,
      variants: { create: { sku: `${PREFIX}-${seq}`, title: 'Default', price, currency, stock } },
    },
    include: { variants: true },
  });
  return product.variants[0]!;
}

describe('the cart', () => {
  it('lives on the server under the hash of its token, totals from the database, and counts units', async () => {
    const a = await variant(1200, 'USD', 10);
    const b = await variant(300, 'USD', 10);
    const { token } = await addToCart(undefined, { variantId: a.id, quantity: 2, seenPrice: null });
    await addToCart(token, { variantId: b.id, quantity: 1, seenPrice: { amount: 1, currency: 'USD' } });
    expect(await getDb().cart.count({ where: { id: token } })).toBe(0);
    expect(await getDb().cart.count({ where: { id: cartIdOf(token)! } })).toBe(1);
    const cart = await readCart(token);
    expect(cart.count).toBe(3);
    // The seen price never counts: the subtotal is 2 x 1200 + 1 x 300.
    expect(cart.subtotal).toEqual({ amount: 2700, currency: 'USD' });
    expect(cart.lines.map((l) => l.priceChanged)).toEqual([false, true]);
    // The shopper accepts the 300 the cart page showed; the price moves again before checkout.
    await confirmCartPrices(token, [{ variantId: b.id, amount: 300, currency: 'USD' }]);
    expect((await readCart(token)).lines.every((l) => !l.priceChanged)).toBe(true);
    await getDb().variant.update({ where: { id: b.id }, data: { price: 350 } });
    expect((await readCart(token)).lines.map((l) => l.priceChanged)).toEqual([false, true]);
  });

  it('holds one currency', async () => {
    const usd = await variant(1000, 'USD', 5);
    const eur = await variant(1000, 'EUR', 5);
    const { token } = await addToCart(undefined, { variantId: usd.id, quantity: 1, seenPrice: null });
    await expect(addToCart(token, { variantId: eur.id, quantity: 1, seenPrice: null })).rejects.toMatchObject({
      name: 'ConflictError',
      details: { reason: 'currency' },
    });
  });

  it('holds no more than the stock, and nothing sold out or off sale', async () => {
    const few = await variant(500, 'USD', 2);
    const none = await variant(500, 'USD', 0);
    const draft = await variant(500, 'USD', 5, 'DRAFT');
    const { token } = await addToCart(undefined, { variantId: few.id, quantity: 2, seenPrice: null });
    await expect(addToCart(token, { variantId: few.id, quantity: 1, seenPrice: null })).rejects.toMatchObject({
      details: { reason: 'stock-limit' },
    });
    await expect(setLineQuantity(token, few.id, 3)).rejects.toMatchObject({ details: { reason: 'stock-limit' } });
    await expect(addToCart(token, { variantId: none.id, quantity: 1, seenPrice: null })).rejects.toMatchObject({
      details: { reason: 'sold-out' },
    });
    await expect(addToCart(token, { variantId: draft.id, quantity: 1, seenPrice: null })).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await setLineQuantity(token, few.id, 0);
    expect((await readCart(token)).count).toBe(0);
    await addToCart(token, { variantId: few.id, quantity: 1, seenPrice: null });
    await removeLine(token, few.id);
    expect((await readCart(token)).lines).toEqual([]);
  });

  it('holds at most 50 different items (a Stripe session takes 100 lines at most)', async () => {
    const variants = await Promise.all(Array.from({ length: 51 }, () => variant(100, 'USD', 5)));
    let token: string | undefined;
    for (const v of variants.slice(0, 50))
      token = (await addToCart(token, { variantId: v.id, quantity: 1, seenPrice: null })).token;
    await expect(addToCart(token, { variantId: variants[50]!.id, quantity: 1, seenPrice: null })).rejects.toMatchObject(
      {
        details: { reason: 'cart-full' },
      },
    );
    // More of an item already in the cart is still fine.
    await addToCart(token, { variantId: variants[0]!.id, quantity: 1, seenPrice: null });
    expect((await readCart(token)).count).toBe(51);
  });

  it('is gone once expired, and pruned', async () => {
    const v = await variant(700, 'USD', 3);
    const { token } = await addToCart(undefined, { variantId: v.id, quantity: 1, seenPrice: null });
    await getDb().cart.update({ where: { id: cartIdOf(token)! }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await readCart(token)).count).toBe(0);
    await pruneExpiredCarts();
    expect(await getDb().cart.count({ where: { id: cartIdOf(token)! } })).toBe(0);
  });

  it('ignores a cookie that is not one of its tokens', async () => {
    expect(await readCart('not-a-token')).toMatchObject({ count: 0, lines: [] });
    expect(cartIdOf('x'.repeat(43))).toMatch(/^[0-9a-f]{64}$/);
    expect(cartIdOf('../../etc')).toBeNull();
  });
});
