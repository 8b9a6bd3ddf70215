/**
 * The purge after a save covers the pages as they are after the commit, not only as the
 * transaction saw them: a save that commits right after ours can move our product in a listing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as BulkPriceChangeModule from '../catalog/bulk-price-change';
import type * as UpdateProductModule from '../catalog/update-product';
import { getDb } from '../db';
import { categoryPath, productPath } from '../storefront/paths';
import { applyBulkPrice } from './apply-bulk-price';
import { saveProduct } from './save-product';
import type { AdminIdentity } from './session';

// Runs a write between the commit and the rest of the caller, like a concurrent save would.
const hooks = vi.hoisted(() => ({ afterCommit: async (): Promise<void> => {} }));

vi.mock('../catalog/update-product', async (importOriginal) => {
  const original = await importOriginal<typeof UpdateProductModule>();
  return {
    ...original,
    updateProduct: async (...args: Parameters<typeof original.updateProduct>) => {
      const result = await original.updateProduct(...args);
      await hooks.afterCommit();
      return result;
    },
  };
});

vi.mock('../catalog/bulk-price-change', async (importOriginal) => {
  const original = await importOriginal<typeof BulkPriceChangeModule>();
  return {
    ...original,
    applyBulkPriceChange: async (...args: Parameters<typeof original.applyBulkPriceChange>) => {
      const result = await original.applyBulkPriceChange(...args);
      await hooks.afterCommit();
      return result;
    },
  };
});

const PREFIX = `pac-${Date.now().toString(36)}`;
const LISTING_SIZE = 30; // two pages of 24
let admin: AdminIdentity;
let categoryId = 0;
let categorySlug = '';
let target = { id: 0, slug: '', variantId: 0 };

beforeAll(async () => {
  const db = getDb();
  const row = await db.adminUser.create({ data: { email: `${PREFIX}@shop.test`, name: 'PAC', passwordHash: 'x' } });
  admin = { id: row.id, email: row.email, name: row.name };
  categorySlug = `${PREFIX}-cat`;
  categoryId = (await db.category.create({ data: { slug: categorySlug, name: 'Purge after commit' } })).id;
  for (let i = 0; i < LISTING_SIZE; i += 1) {
    const slug = `${PREFIX}-p${i}`;
    const product = await db.product.create({
      data: {
        slug,
        title: slug,
        status: 'ACTIVE',
        variants: { create: { sku: slug, title: 'One', price: 1000, currency: 'USD', stock: 1 } },
        categories: { create: { categoryId, position: (i + 1) * 10 } },
      },
      include: { variants: true },
    });
    if (i === 5) target = { id: product.id, slug, variantId: product.variants[0]?.id ?? 0 };
  }
});

beforeEach(async () => {
  // The target sits 6th, on page 1; the "concurrent save" moves it to the end, onto page 2.
  await getDb().productCategory.update({
    where: { productId_categoryId: { productId: target.id, categoryId } },
    data: { position: 60 },
  });
  hooks.afterCommit = () =>
    getDb()
      .productCategory.update({
        where: { productId_categoryId: { productId: target.id, categoryId } },
        data: { position: 100_000 },
      })
      .then(() => undefined);
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().category.deleteMany({ where: { slug: categorySlug } });
  await getDb().adminUser.deleteMany({ where: { email: `${PREFIX}@shop.test` } });
  await getDb().$disconnect();
});

async function purgedBy(run: (regenerate: (path: string) => Promise<void>) => Promise<unknown>) {
  const purged: string[] = [];
  await run((path) => {
    purged.push(path);
    return Promise.resolve();
  });
  return purged.sort();
}

describe('the purge after a commit', () => {
  it('saveProduct also purges the listing pages a concurrent save moved the product to', async () => {
    const { version } = await getDb().product.findUniqueOrThrow({ where: { id: target.id } });
    const input = {
      version,
      slug: target.slug,
      title: target.slug,
      description: '',
      status: 'ACTIVE' as const,
      featured: false,
      categoryIds: [categoryId],
      variants: [{ id: target.variantId, price: 1500 + version, compareAtPrice: null, stock: 1 }],
    };
    const paths = await purgedBy((regenerate) => saveProduct(target.id, input, admin, regenerate));
    expect(paths).toEqual([categoryPath(categorySlug), categoryPath(categorySlug, 2), productPath(target.slug)]);
  });

  it('the bulk apply also purges the listing pages a concurrent save moved a product to', async () => {
    const variant = await getDb().variant.findUniqueOrThrow({ where: { id: target.variantId } });
    const input = {
      target: { productIds: [target.id] },
      adjustment: { kind: 'fixed' as const, amountMinor: 100 },
      expectedVersions: { [String(variant.id)]: variant.version },
    };
    const paths = await purgedBy((regenerate) => applyBulkPrice(input, admin, regenerate));
    expect(paths).toEqual([categoryPath(categorySlug), categoryPath(categorySlug, 2), productPath(target.slug)]);
  });
});
