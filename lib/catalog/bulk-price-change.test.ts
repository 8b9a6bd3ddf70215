/**
 * Bulk price changes against a real database, as jobs: a preview, then a job created from it
 * (nothing written from a stale preview or with a refused price) whose batches change the
 * prices and write their audit rows; archived products are never touched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorOf, type AdminIdentity } from '../admin/session';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import { getDb } from '../db';
import { feedPieceOf, feedPiecePath, sitemapPiecePath, sitemapProductPieceOf } from '../storefront/paths';
import { applyNextBulkBatch } from './bulk-price-batch';
import {
  createBulkPriceJob,
  previewBulkPriceChange,
  STALE_PREVIEW_MESSAGE,
  type BulkPriceTarget,
} from './bulk-price-change';
import { getBulkPriceJob } from './bulk-price-jobs';
import type { PriceAdjustment } from './bulk-price-rules';

const RUNNER = 'bulk-price-change.test';

/** The job as the dashboard runs it: created, then batch after batch through the change road, without regenerating. */
async function applyBulkPriceChange(
  target: BulkPriceTarget,
  adjustment: PriceAdjustment,
  previewToken: string,
  by: AdminIdentity,
) {
  return runJob(await createJob(target, adjustment, previewToken, by), by);
}

async function createJob(
  target: BulkPriceTarget,
  adjustment: PriceAdjustment,
  previewToken: string,
  by: AdminIdentity,
) {
  const job = { target, adjustment, previewToken, author: authorOf(by), leaseOwner: RUNNER, leaseMs: 60_000 };
  return (await createBulkPriceJob(job)).id;
}

async function runJob(id: number, by: AdminIdentity) {
  const paths = new Set<string>();
  for (;;) {
    const batch = await commitCatalogChange({ ...authorOf(by), bulkJobId: id }, (scope) =>
      applyNextBulkBatch(scope, id, RUNNER, 60_000),
    );
    for (const path of batch.paths) paths.add(path);
    if (batch.value.state !== 'applied') break;
  }
  const done = await getBulkPriceJob(id);
  return { updated: done.variantsChanged, skipped: done.variantsSkipped, paths: [...paths].sort() };
}

const PREFIX = `bulk-${Date.now().toString(36)}`;
const minus10: PriceAdjustment = { kind: 'percent', percent: -10 };
let admin: AdminIdentity;

type Status = 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
interface Spec {
  status: Status;
  prices: { price: number; compareAtPrice?: number }[];
}

/** A category of its own with one product per spec, listed in spec order. */
async function createCatalog(name: string, specs: Record<string, Spec>) {
  const db = getDb();
  const category = await db.category.create({ data: { slug: `${PREFIX}-${name}`, name } });
  const ids: Record<string, number> = {};
  for (const [index, [key, spec]] of Object.entries(specs).entries()) {
    const slug = `${PREFIX}-${name}-${key}`;
    const variants = spec.prices.map((p, i) => ({ sku: `${slug}-${i}`, title: `V${i}`, currency: 'USD', ...p }));
    const product = await db.product.create({
      data: {
        slug,
        title: key,
        status: spec.status,
        variants: { create: variants },
        categories: { create: { categoryId: category.id, position: (index + 1) * 10 } },
      },
    });
    ids[key] = product.id;
  }
  return { categoryId: category.id, ids };
}

function pricesOf(productId: number) {
  return getDb().variant.findMany({
    where: { productId },
    // Variants made with the same position (the default) come in the order they were made.
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
    select: { price: true, compareAtPrice: true, version: true },
  });
}

function auditCount(productIds: number[]) {
  return getDb().priceChange.count({ where: { productId: { in: productIds } } });
}

beforeAll(async () => {
  const row = await getDb().adminUser.create({
    data: { email: `${PREFIX}@shop.test`, name: 'Bulk test', passwordHash: 'x' },
  });
  admin = { id: row.id, email: row.email, name: row.name };
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().category.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().adminUser.deleteMany({ where: { email: `${PREFIX}@shop.test` } });
  await getDb().$disconnect();
});

describe('a bulk price job', () => {
  it('changes the previewed prices and writes one audit row per changed variant, archived untouched', async () => {
    const { categoryId, ids } = await createCatalog('apply', {
      shirt: { status: 'ACTIVE', prices: [{ price: 1995, compareAtPrice: 2500 }, { price: 1000 }] },
      draft: { status: 'DRAFT', prices: [{ price: 3000 }] },
      free: { status: 'ACTIVE', prices: [{ price: 0 }] },
      archived: { status: 'ARCHIVED', prices: [{ price: 4000 }] },
    });
    const all = Object.values(ids);
    const preview = await previewBulkPriceChange({ categoryId }, minus10);
    expect(preview.rows.map((r) => [r.productTitle, r.oldPrice, r.newPrice])).toEqual([
      ['shirt', 1995, 1796],
      ['shirt', 1000, 900],
      ['draft', 3000, 2700],
      ['free', 0, 0],
    ]);
    expect(preview.totals).toMatchObject({ products: 3, variants: 4, changed: 3 });
    const shirtVersion = (await getDb().product.findUniqueOrThrow({ where: { id: ids.shirt } })).version;

    const { updated } = await applyBulkPriceChange({ categoryId }, minus10, preview.previewToken, admin);

    expect(updated).toBe(3);
    expect(await pricesOf(ids.shirt!)).toEqual([
      { price: 1796, compareAtPrice: 2500, version: 2 },
      { price: 900, compareAtPrice: null, version: 2 },
    ]);
    expect(await pricesOf(ids.draft!)).toMatchObject([{ price: 2700 }]);
    expect(await pricesOf(ids.free!)).toEqual([{ price: 0, compareAtPrice: null, version: 1 }]);
    expect(await pricesOf(ids.archived!)).toEqual([{ price: 4000, compareAtPrice: null, version: 1 }]);
    // The product form checks the product's version: a form opened before must not write old prices back.
    expect((await getDb().product.findUniqueOrThrow({ where: { id: ids.shirt } })).version).toBe(shirtVersion + 1);

    const audit = await getDb().priceChange.findMany({ where: { productId: { in: all } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.sku.slice(-8), a.oldPrice, a.newPrice])).toEqual([
      ['-shirt-0', 1995, 1796],
      ['-shirt-1', 1000, 900],
      ['-draft-0', 3000, 2700],
    ]);
    for (const row of audit) {
      expect(row).toMatchObject({ source: 'ADMIN', actor: admin.email, adminUserId: admin.id, currency: 'USD' });
    }
    expect(audit[0]).toMatchObject({ oldCompareAtPrice: 2500, newCompareAtPrice: 2500 });
  });

  it('queues the pages of every changed product, and only of those', async () => {
    const { categoryId, ids } = await createCatalog('placements', {
      first: { status: 'ACTIVE', prices: [{ price: 1000 }] },
      draft: { status: 'DRAFT', prices: [{ price: 1000 }] },
      second: { status: 'ACTIVE', prices: [{ price: 2000 }] },
      free: { status: 'ACTIVE', prices: [{ price: 0 }] },
    });
    expect(ids.free).toBeDefined();
    const target = { productIds: Object.values(ids) };
    const preview = await previewBulkPriceChange(target, minus10);
    const { paths } = await applyBulkPriceChange(target, minus10, preview.previewToken, admin);
    // The draft is on no page, and the free product's price does not move: neither is purged.
    const feedPieces = [ids.first!, ids.second!].map((id) => feedPiecePath(feedPieceOf(id)));
    expect(paths).toEqual(
      [
        ...new Set([
          `/categories/${PREFIX}-placements`,
          ...feedPieces,
          `/products/${PREFIX}-placements-first`,
          `/products/${PREFIX}-placements-second`,
          sitemapPiecePath({ kind: 'category', categoryId: categoryId }),
          ...[ids.first!, ids.second!].map((id) =>
            sitemapPiecePath({ kind: 'products', piece: sitemapProductPieceOf(id) }),
          ),
        ]),
      ].sort(),
    );
  });

  it('refuses a stale preview with 409 and writes nothing', async () => {
    const { categoryId, ids } = await createCatalog('stale', {
      a: { status: 'ACTIVE', prices: [{ price: 1000 }] },
      b: { status: 'ACTIVE', prices: [{ price: 2000 }] },
    });
    const preview = await previewBulkPriceChange({ categoryId }, minus10);
    // Someone saves product b meanwhile (the product form bumps its variants' versions).
    await getDb().variant.updateMany({ where: { productId: ids.b }, data: { price: 2100, version: { increment: 1 } } });

    await expect(applyBulkPriceChange({ categoryId }, minus10, preview.previewToken, admin)).rejects.toMatchObject({
      name: 'ConflictError',
      message: STALE_PREVIEW_MESSAGE,
    });
    expect(await pricesOf(ids.a!)).toMatchObject([{ price: 1000, version: 1 }]);
    expect(await pricesOf(ids.b!)).toMatchObject([{ price: 2100, version: 2 }]);
    expect(await auditCount(Object.values(ids))).toBe(0);
  });

  it('refuses with 409 when the set of variants changed since the preview', async () => {
    const { categoryId, ids } = await createCatalog('set', { a: { status: 'ACTIVE', prices: [{ price: 1000 }] } });
    const preview = await previewBulkPriceChange({ categoryId }, minus10);
    await getDb().variant.create({
      data: { productId: ids.a!, sku: `${PREFIX}-set-extra`, title: 'Extra', price: 500, currency: 'USD' },
    });
    await expect(applyBulkPriceChange({ categoryId }, minus10, preview.previewToken, admin)).rejects.toMatchObject({
      name: 'ConflictError',
    });
    expect(await pricesOf(ids.a!)).toMatchObject([{ price: 1000 }, { price: 500 }]);
    expect(await auditCount([ids.a!])).toBe(0);
  });

  it('applies one preview once, however many jobs are made from it (no lost or doubled update)', async () => {
    const { categoryId, ids } = await createCatalog('race', { a: { status: 'ACTIVE', prices: [{ price: 1000 }] } });
    const token = (await previewBulkPriceChange({ categoryId }, minus10)).previewToken;
    // Two jobs from the one preview (a double click), run at once.
    const jobs = [
      await createJob({ categoryId }, minus10, token, admin),
      await createJob({ categoryId }, minus10, token, admin),
    ];
    const results = await Promise.all(jobs.map((id) => runJob(id, admin)));
    // The second job finds the variant saved since it began (by the first) and leaves it.
    expect(results.map((r) => [r.updated, r.skipped]).sort()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(await pricesOf(ids.a!)).toMatchObject([{ price: 900 }]);
    expect(await auditCount([ids.a!])).toBe(1);
  });

  it('refuses with 422 when a price would pass the maximum, and writes nothing', async () => {
    const { categoryId, ids } = await createCatalog('max', {
      a: { status: 'ACTIVE', prices: [{ price: 1000 }] },
      b: { status: 'ACTIVE', prices: [{ price: 90_000_000 }] },
    });
    const increase: PriceAdjustment = { kind: 'percent', percent: 20 };
    const preview = await previewBulkPriceChange({ categoryId }, increase);
    expect(preview.totals.refused).toBe(1);
    await expect(applyBulkPriceChange({ categoryId }, increase, preview.previewToken, admin)).rejects.toMatchObject({
      name: 'InvalidInputError',
    });
    expect(await pricesOf(ids.a!)).toMatchObject([{ price: 1000 }]);
    expect(await auditCount(Object.values(ids))).toBe(0);
  });

  it('refuses with 422 when a fixed decrease would take a price below 0, and writes nothing', async () => {
    const { categoryId, ids } = await createCatalog('below-zero', {
      a: { status: 'ACTIVE', prices: [{ price: 1000 }] },
      b: { status: 'ACTIVE', prices: [{ price: 200 }] },
    });
    const decrease: PriceAdjustment = { kind: 'fixed', amountMinor: -300 };
    const preview = await previewBulkPriceChange({ categoryId }, decrease);
    expect(preview.rows.find((r) => r.productId === ids.b)).toMatchObject({ refused: 'below-zero', newPrice: 200 });
    await expect(applyBulkPriceChange({ categoryId }, decrease, preview.previewToken, admin)).rejects.toMatchObject({
      name: 'InvalidInputError',
      details: { refused: [`${PREFIX}-below-zero-b-0`] },
    });
    expect(await pricesOf(ids.b!)).toMatchObject([{ price: 200 }]);
    expect(await auditCount(Object.values(ids))).toBe(0);
  });

  it('changes a selection of products, skipping archived ones in it', async () => {
    const { ids } = await createCatalog('selection', {
      a: { status: 'ACTIVE', prices: [{ price: 1000 }] },
      b: { status: 'ACTIVE', prices: [{ price: 1000 }] },
      archived: { status: 'ARCHIVED', prices: [{ price: 1000 }] },
    });
    const target = { productIds: [ids.a!, ids.archived!] };
    const add250: PriceAdjustment = { kind: 'fixed', amountMinor: 250 };
    const preview = await previewBulkPriceChange(target, add250);
    expect(preview.rows.map((r) => r.productId)).toEqual([ids.a]);
    await applyBulkPriceChange(target, add250, preview.previewToken, admin);
    expect(await pricesOf(ids.a!)).toMatchObject([{ price: 1250 }]);
    expect(await pricesOf(ids.b!)).toMatchObject([{ price: 1000 }]);
    expect(await pricesOf(ids.archived!)).toMatchObject([{ price: 1000 }]);
  });
});
