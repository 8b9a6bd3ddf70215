import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { normalizeQuery, SEARCH_PAGE_SIZE, searchProducts } from './search-products';

// Words no seed product uses, so the results are this file's products alone.
const WORD = `zyx${Date.now().toString(36)}`;
const PREFIX = `srch-${Date.now().toString(36)}`;

async function product(n: number, title: string, description: string, status: 'ACTIVE' | 'DRAFT' = 'ACTIVE') {
  return getDb().product.create({
    data: {
      slug: `${PREFIX}-${n}`,
      title,
      description,
      status,
      variants: {
        create: { sku: `${PREFIX.toUpperCase()}-${n}`, title: 'Default', price: 1000 + n, currency: 'USD', stock: 3 },
      },
    },
  });
}

beforeAll(async () => {
  await product(1, `Quilted ${WORD} coats`, 'Warm and light.');
  await product(2, 'Linen shirt', `Pairs well with a ${WORD} coat.`);
  await product(3, `Hidden ${WORD} coat`, 'A draft.', 'DRAFT');
  for (let n = 10; n < 10 + SEARCH_PAGE_SIZE + 2; n += 1) await product(n, `Bulk ${WORD}bulk item ${n}`, '');
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

describe('searchProducts', () => {
  it('finds stemmed words, ranks a title match before a description match, and never shows drafts', async () => {
    const results = await searchProducts(`${WORD} coat`, 1);
    expect(results.products.map((p) => p.slug)).toEqual([`${PREFIX}-1`, `${PREFIX}-2`]);
    expect(results.total).toBe(2);
  });

  it('shows the database price on every request', async () => {
    const before = await searchProducts(`${WORD} coat`, 1);
    expect(before.products[0]?.price).toEqual({ amount: 1001, currency: 'USD' });
    await getDb().variant.updateMany({ where: { sku: `${PREFIX.toUpperCase()}-1` }, data: { price: 1234 } });
    const after = await searchProducts(`${WORD} coat`, 1);
    expect(after.products[0]?.price).toEqual({ amount: 1234, currency: 'USD' });
  });

  it('finds a product by the start of a SKU, in any case, with LIKE wildcards taken literally', async () => {
    // -2 and -20 to -29 start that way; -1 and the others do not.
    const slugs = (await searchProducts(`${PREFIX.toLowerCase()}-2`, 1)).products.map((p) => p.slug);
    expect(slugs[0]).toBe(`${PREFIX}-2`);
    expect(slugs.every((slug) => slug.startsWith(`${PREFIX}-2`))).toBe(true);
    expect(slugs).toHaveLength(11);
    expect((await searchProducts(`${PREFIX}%`, 1)).total).toBe(0);
    expect((await searchProducts('_', 1)).total).toBe(0);
  });

  it('pages through many results', async () => {
    const first = await searchProducts(`${WORD}bulk`, 1);
    expect(first.total).toBe(SEARCH_PAGE_SIZE + 2);
    expect(first.pageCount).toBe(2);
    expect(first.products).toHaveLength(SEARCH_PAGE_SIZE);
    const second = await searchProducts(`${WORD}bulk`, 2);
    expect(second.products).toHaveLength(2);
    const past = await searchProducts(`${WORD}bulk`, 3);
    expect(past).toMatchObject({ total: SEARCH_PAGE_SIZE + 2, products: [] });
  });

  it('takes any text a shopper types without failing', async () => {
    for (const text of ['"unterminated', 'a & | ! (', "o'brien", '-', '日本語', '\\', 'nul\u0000byte', '\u0000']) {
      await expect(searchProducts(normalizeQuery(text), 1)).resolves.toMatchObject({ page: 1 });
    }
    expect(normalizeQuery(['  two   words ', 'ignored'])).toBe('two words');
    expect(normalizeQuery('nul\u0000byte')).toBe('nul byte');
    expect(normalizeQuery('x'.repeat(500))).toHaveLength(100);
    expect((await searchProducts('', 1)).products).toEqual([]);
  });
});
