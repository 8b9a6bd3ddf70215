import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import { getDb } from '../db';
import { feedPieceOf, feedPiecePath, sitemapPiecePath, sitemapProductPieceOf } from '../storefront/paths';
import type { ProductUpdate } from '../validations/product-update';
import type { ChangeAuthor } from './change-scope';
import { STALE_VERSION_MESSAGE, updateProduct } from './update-product';

/** The form's save as the dashboard makes it: through the change road, without regenerating. */
async function save(id: number, input: ProductUpdate, by: ChangeAuthor) {
  const { value, paths } = await commitCatalogChange(by, (scope) => updateProduct(scope, id, input));
  return { ...value, paths };
}

const PREFIX = `upd-${Date.now().toString(36)}`;
const author = { source: 'ADMIN' as const, actor: 'owner@shop.test' };
let productId = 0;
let variantId = 0;
let categoryId = 0;

beforeAll(async () => {
  const category = await getDb().category.create({ data: { slug: `${PREFIX}-cat`, name: 'Update test' } });
  categoryId = category.id;
  const product = await getDb().product.create({
    data: {
      slug: `${PREFIX}-shirt`,
      title: 'Shirt',
      status: 'ACTIVE',
      variants: { create: { sku: `${PREFIX}-M`, title: 'M', price: 2500, currency: 'USD', stock: 3 } },
      categories: { create: { categoryId, position: 10 } },
    },
    include: { variants: true },
  });
  productId = product.id;
  variantId = product.variants[0]?.id ?? 0;
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().category.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

async function form(overrides: Partial<ProductUpdate> = {}): Promise<ProductUpdate> {
  const product = await getDb().product.findUniqueOrThrow({ where: { id: productId } });
  return {
    version: product.version,
    slug: product.slug,
    title: product.title,
    description: product.description,
    status: product.status,
    featured: product.featured,
    categoryIds: [categoryId],
    variants: [{ id: variantId, price: 2500, compareAtPrice: null, stock: 3 }],
    ...overrides,
  };
}

describe('updateProduct', () => {
  it('changes the price, bumps the version and writes one audit row', async () => {
    const input = await form({ variants: [{ id: variantId, price: 1999, compareAtPrice: null, stock: 3 }] });
    const { paths, version } = await save(productId, input, author);
    expect(version).toBe(input.version + 1);
    expect(paths).toEqual(
      [
        `/categories/${PREFIX}-cat`,
        feedPiecePath(feedPieceOf(productId)),
        `/products/${PREFIX}-shirt`,
        sitemapPiecePath({ kind: 'category', categoryId: categoryId }),
        sitemapPiecePath({ kind: 'products', piece: sitemapProductPieceOf(productId) }),
      ].sort(),
    );
    expect((await getDb().variant.findUniqueOrThrow({ where: { id: variantId } })).price).toBe(1999);
    const audit = await getDb().priceChange.findMany({ where: { productId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      oldPrice: 2500,
      newPrice: 1999,
      currency: 'USD',
      source: 'ADMIN',
      actor: author.actor,
    });
  });

  it('refuses a save based on an old version with 409 and writes nothing', async () => {
    const stale = await form({ variants: [{ id: variantId, price: 100, compareAtPrice: null, stock: 3 }] });
    await save(
      productId,
      await form({
        title: 'Shirt (first save)',
        variants: [{ id: variantId, price: 1999, compareAtPrice: null, stock: 3 }],
      }),
      author,
    );
    const auditBefore = await getDb().priceChange.count({ where: { productId } });
    await expect(save(productId, stale, author)).rejects.toMatchObject({
      name: 'ConflictError',
      message: STALE_VERSION_MESSAGE,
    });
    const product = await getDb().product.findUniqueOrThrow({ where: { id: productId }, include: { variants: true } });
    expect(product.title).toBe('Shirt (first save)');
    expect(product.variants[0]?.price).toBe(1999);
    expect(await getDb().priceChange.count({ where: { productId } })).toBe(auditBefore);
  });

  it('lets only one of two concurrent saves from the same version win', async () => {
    const base = await form();
    const results = await Promise.allSettled([
      save(productId, { ...base, variants: [{ id: variantId, price: 3000, compareAtPrice: null, stock: 3 }] }, author),
      save(productId, { ...base, variants: [{ id: variantId, price: 3100, compareAtPrice: null, stock: 3 }] }, author),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r): unknown => r.reason),
    ).toMatchObject([{ name: 'ConflictError' }]);
  });

  it("writes only the variants whose values changed: a variant left as it was keeps its version (a bulk job's preview of it stays valid)", async () => {
    const second = await getDb().variant.create({
      data: { productId, sku: `${PREFIX}-L`, title: 'L', price: 2600, currency: 'USD', stock: 5 },
    });
    try {
      const versionOf = async (id: number) => (await getDb().variant.findUniqueOrThrow({ where: { id } })).version;
      const [firstBefore, secondBefore] = [await versionOf(variantId), await versionOf(second.id)];
      const current = (await getDb().variant.findUniqueOrThrow({ where: { id: variantId } })).price;
      await save(
        productId,
        await form({
          title: 'Shirt, renamed',
          variants: [
            { id: variantId, price: current + 100, compareAtPrice: null, stock: 3 },
            { id: second.id, price: 2600, compareAtPrice: null, stock: 5 },
          ],
        }),
        author,
      );
      expect(await versionOf(variantId)).toBe(firstBefore + 1);
      expect(await versionOf(second.id)).toBe(secondBefore);
    } finally {
      await getDb().variant.delete({ where: { id: second.id } });
    }
  });

  it('records a compare-at-only change in the audit log', async () => {
    const input = await form({ variants: [{ id: variantId, price: 2500, compareAtPrice: null, stock: 3 }] });
    await save(productId, input, author);
    const auditBefore = await getDb().priceChange.count({ where: { productId } });
    await save(
      productId,
      await form({ variants: [{ id: variantId, price: 2500, compareAtPrice: 3200, stock: 3 }] }),
      author,
    );
    const audit = await getDb().priceChange.findMany({ where: { productId }, orderBy: { id: 'asc' } });
    expect(audit).toHaveLength(auditBefore + 1);
    expect(audit.at(-1)).toMatchObject({
      oldPrice: 2500,
      newPrice: 2500,
      oldCompareAtPrice: null,
      newCompareAtPrice: 3200,
    });
  });

  it("refuses another product's slug with a field error and writes nothing", async () => {
    const other = await getDb().product.create({ data: { slug: `${PREFIX}-other`, title: 'Other' } });
    const input = await form({ slug: other.slug, title: 'Renamed' });
    await expect(save(productId, input, author)).rejects.toMatchObject({
      name: 'InvalidInputError',
      details: { fields: { slug: 'Another product already uses this slug' } },
    });
    const product = await getDb().product.findUniqueOrThrow({ where: { id: productId } });
    expect(product).toMatchObject({ slug: `${PREFIX}-shirt`, version: input.version });
    expect(product.title).not.toBe('Renamed');
  });

  it('gives one of two saves racing for the same new slug a slug field error, not a 500', async () => {
    const second = await getDb().product.create({ data: { slug: `${PREFIX}-second`, title: 'Second' } });
    const slug = `${PREFIX}-contested`;
    const secondForm = {
      ...(await form({ slug })),
      version: second.version,
      title: 'Second',
      categoryIds: [],
      variants: [],
    };
    const results = await Promise.allSettled([
      save(productId, await form({ slug }), author),
      save(second.id, secondForm, author),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { name: 'InvalidInputError', details: { fields: { slug: 'Another product already uses this slug' } } },
    });
  });

  it('refuses an unknown category with a field error (422, not a 500)', async () => {
    const input = await form({ categoryIds: [categoryId, 999_999_999] });
    await expect(save(productId, input, author)).rejects.toMatchObject({
      name: 'InvalidInputError',
      details: { fields: { categoryIds: 'A chosen category no longer exists' } },
    });
  });

  it('rolls back the product row when a later step of the save fails (one transaction)', async () => {
    const input = await form({
      title: 'Never saved',
      variants: [{ id: 999_999_999, price: 1, compareAtPrice: null, stock: 1 }],
    });
    await expect(save(productId, input, author)).rejects.toMatchObject({ name: 'InvalidInputError' });
    expect((await getDb().product.findUniqueOrThrow({ where: { id: productId } })).title).not.toBe('Never saved');
  });

  it('a save that changes only stock purges only the pages whose stock state changes, and audits it', async () => {
    // From a known state: "Only 3 left", no compare-at price (an earlier test sets one).
    const current = await getDb().variant.update({
      where: { id: variantId },
      data: { stock: 3, compareAtPrice: null },
    });
    const withStock = async (stock: number) =>
      save(
        productId,
        await form({ variants: [{ id: variantId, price: current.price, compareAtPrice: null, stock }] }),
        author,
      );
    const slug = (await getDb().product.findUniqueOrThrow({ where: { id: productId } })).slug;
    // "Only 3 left" to "In stock": the product page only (and its piece of the sitemap, its lastmod moves).
    const sitemapPiece = sitemapPiecePath({ kind: 'products', piece: sitemapProductPieceOf(productId) });
    expect((await withStock(50)).paths).toEqual([`/products/${slug}`, sitemapPiece]);
    // "In stock" to "In stock": no page shows the difference.
    expect((await withStock(40)).paths).toEqual([]);
    // "In stock" to "Only 4 left": the product page only; cards show no count.
    expect((await withStock(4)).paths).toEqual([`/products/${slug}`, sitemapPiece]);
    // Sold out: the cards say so, so the listing page holding it purges too, and the feed says out_of_stock.
    expect((await withStock(0)).paths).toEqual(
      [
        `/categories/${PREFIX}-cat`,
        feedPiecePath(feedPieceOf(productId)),
        `/products/${slug}`,
        sitemapPiecePath({ kind: 'category', categoryId: categoryId }),
        sitemapPiece,
      ].sort(),
    );
    const audit = await getDb().stockChange.findMany({ where: { variantId }, orderBy: { id: 'asc' } });
    expect(audit.slice(-2).map((row) => [row.oldStock, row.newStock, row.actor])).toEqual([
      [40, 4, 'owner@shop.test'],
      [4, 0, 'owner@shop.test'],
    ]);
  });
});
