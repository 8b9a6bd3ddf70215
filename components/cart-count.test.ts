import { afterEach, describe, expect, it, vi } from 'vitest';
import { cartItemsWord, fetchCartCount } from './cart-count';

afterEach(() => vi.unstubAllGlobals());

const answer = (status: number, body: unknown) =>
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status }))),
  );

describe('the header’s cart count', () => {
  it('is the count GET /api/cart answers, asked without the HTTP cache', async () => {
    answer(200, { count: 3, lines: [] });
    expect(await fetchCartCount()).toBe(3);
    expect(fetch).toHaveBeenCalledWith('/api/cart', expect.objectContaining({ cache: 'no-store' }));
  });

  it('is unknown when the answer is an error or holds no whole count', async () => {
    answer(500, { error: 'down' });
    expect(await fetchCartCount()).toBeNull();
    answer(200, { count: '3' });
    expect(await fetchCartCount()).toBeNull();
    answer(200, { count: 1.5 });
    expect(await fetchCartCount()).toBeNull();
  });

  it('says "item" for one and "items" otherwise', () => {
    expect([0, 1, 2].map(cartItemsWord)).toEqual(['items', 'item', 'items']);
  });
});
