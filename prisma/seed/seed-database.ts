/**
 * Replaces the catalog tables with the sample catalog from ./catalog.ts.
 *
 * Everything runs in one transaction: the tables are truncated with RESTART IDENTITY, then the
 * catalog is inserted with batched createMany calls in a fixed order. Because ids restart and the
 * timestamps are fixed (SEED_EPOCH plus one minute per product, in product order), two runs
 * leave byte-identical tables: category ids follow category order and product `i` gets id `i + 1`.
 * If anything fails, the transaction rolls back and the previous catalog stays in place.
 */
import { rebuildAllListingPages } from '../../lib/catalog/listing-rebalance';
import { getEnv } from '../../lib/env';
import type { Prisma, PrismaClient } from '../../lib/generated/prisma/client';
import { buildSampleCatalog, summarizeSampleCatalog } from './catalog';
import type { SampleCatalog } from './catalog';
import { sampleProductLinks, sampleVariantLinks } from './external-ids';

type Tx = Prisma.TransactionClient;

export interface SeedOptions {
  /** Receives progress lines such as `seed: products 120/240`. */
  log?: (line: string) => void;
  /** The catalog to insert; defaults to buildSampleCatalog(). */
  catalog?: SampleCatalog;
  /** Products per listing page (CATEGORY_PAGE_SIZE); the listing pages are cut at it. */
  pageSize?: number;
}

export interface SeedResult {
  categories: number;
  products: number;
  variants: number;
}

/** createdAt/updatedAt of seeded rows, so repeated seeds produce identical rows. */
export const SEED_EPOCH = new Date('2026-01-01T00:00:00.000Z');

const PRODUCT_BATCH = 120;
const ROW_BATCH = 500;

function timestampFor(productIndex: number): Date {
  return new Date(SEED_EPOCH.getTime() + productIndex * 60_000);
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function idFor(ids: ReadonlyMap<string, number>, slug: string): number {
  const id = ids.get(slug);
  if (id === undefined) throw new Error(`seed: no id for "${slug}"`);
  return id;
}

export async function seedDatabase(db: PrismaClient, options: SeedOptions = {}): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const catalog = options.catalog ?? buildSampleCatalog();
  const totals = summarizeSampleCatalog(catalog);

  await db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(
        'TRUNCATE "Category", "Product", "ProductImage", "ProductCategory", "Variant", "ProductOption", "StripePrice", "WebhookDelivery", "StoredDocument" RESTART IDENTITY CASCADE',
      );

      const categoryRows = await tx.category.createManyAndReturn({
        data: catalog.categories.map((c) => ({ ...c, createdAt: SEED_EPOCH, updatedAt: SEED_EPOCH })),
        select: { id: true, slug: true },
      });
      const categoryIds = new Map(categoryRows.map((row) => [row.slug, row.id]));
      log(`seed: categories ${categoryRows.length}/${totals.categories}`);

      const productIds = new Map<string, number>();
      const indexed = catalog.products.map((product, index) => ({ product, index }));
      for (const batch of batches(indexed, PRODUCT_BATCH)) {
        const rows = await tx.product.createManyAndReturn({
          data: batch.map(({ product, index }) => ({
            slug: product.slug,
            title: product.title,
            description: product.description,
            status: product.status,
            featured: product.featured,
            ...sampleProductLinks(index),
            createdAt: timestampFor(index),
            updatedAt: timestampFor(index),
          })),
          select: { id: true, slug: true },
        });
        for (const row of rows) productIds.set(row.slug, row.id);
        log(`seed: products ${productIds.size}/${totals.products}`);
      }

      const links = catalog.products.flatMap((product) =>
        product.categories.map((link) => ({
          productId: idFor(productIds, product.slug),
          categoryId: idFor(categoryIds, link.categorySlug),
          position: link.position,
        })),
      );
      let linked = 0;
      for (const batch of batches(links, ROW_BATCH)) {
        linked += (await tx.productCategory.createMany({ data: batch })).count;
        log(`seed: product categories ${linked}/${totals.productCategories}`);
      }

      const variants = indexed.flatMap(({ product, index }) =>
        product.variants.map(({ optionValues: _values, imagePosition: _image, ...variant }, variantIndex) => ({
          ...variant,
          ...sampleVariantLinks(index, variantIndex),
          productId: idFor(productIds, product.slug),
          createdAt: timestampFor(index),
          updatedAt: timestampFor(index),
        })),
      );
      let variantCount = 0;
      for (const batch of batches(variants, ROW_BATCH)) {
        variantCount += (await tx.variant.createMany({ data: batch })).count;
        log(`seed: variants ${variantCount}/${totals.variants}`);
      }

      await insertOptions(tx, catalog, productIds);
      log(`seed: options of ${catalog.products.filter((p) => p.options.length > 0).length} products`);

      const images = catalog.products.flatMap((product) =>
        product.images.map((image) => ({ ...image, productId: idFor(productIds, product.slug) })),
      );
      let imageCount = 0;
      for (const batch of batches(images, ROW_BATCH)) {
        imageCount += (await tx.productImage.createMany({ data: batch })).count;
        log(`seed: images ${imageCount}/${totals.images}`);
      }
      await linkVariantImages(tx, catalog);
      await rebuildAllListingPages(tx, options.pageSize ?? getEnv().CATEGORY_PAGE_SIZE);
      log('seed: listing pages');
    },
    { maxWait: 10_000, timeout: 120_000 },
  );

  log(`seed: done in ${((performance.now() - started) / 1000).toFixed(1)}s`);
  return { categories: totals.categories, products: totals.products, variants: totals.variants };
}

/** Each product's options and values, then which values each variant is (looked up by sku). */
async function insertOptions(tx: Tx, catalog: SampleCatalog, productIds: ReadonlyMap<string, number>) {
  const options = catalog.products.flatMap((product) =>
    product.options.map((option, position) => ({
      productId: idFor(productIds, product.slug),
      name: option.name,
      position,
    })),
  );
  const optionRows = await tx.productOption.createManyAndReturn({
    data: options,
    select: { id: true, productId: true, position: true },
  });
  const optionId = new Map(optionRows.map((row) => [`${row.productId}:${row.position}`, row.id]));
  const valueData = catalog.products.flatMap((product) =>
    product.options.flatMap((option, optionPosition) =>
      option.values.map((value, position) => ({
        optionId: idFor(optionId, `${idFor(productIds, product.slug)}:${optionPosition}`),
        value,
        position,
      })),
    ),
  );
  const valueRows: { id: number; optionId: number; value: string }[] = [];
  for (const batch of batches(valueData, ROW_BATCH)) {
    valueRows.push(
      ...(await tx.productOptionValue.createManyAndReturn({
        data: batch,
        select: { id: true, optionId: true, value: true },
      })),
    );
  }
  const valueId = new Map(valueRows.map((row) => [`${row.optionId}:${row.value}`, row.id]));
  const variantRows = await tx.variant.findMany({ select: { id: true, sku: true } });
  const variantId = new Map(variantRows.map((row) => [row.sku, row.id]));
  const links = catalog.products.flatMap((product) =>
    product.variants.flatMap((variant) =>
      variant.optionValues.map((value, position) => {
        const option = idFor(optionId, `${idFor(productIds, product.slug)}:${position}`);
        return {
          variantId: idFor(variantId, variant.sku),
          optionId: option,
          optionValueId: idFor(valueId, `${option}:${value}`),
        };
      }),
    ),
  );
  for (const batch of batches(links, ROW_BATCH)) await tx.variantOptionValue.createMany({ data: batch });
}

/** Points each variant that has a picture of its own at it (by the image's position in its product). */
async function linkVariantImages(tx: Prisma.TransactionClient, catalog: SampleCatalog): Promise<void> {
  const variants = catalog.products.flatMap((product) => product.variants);
  for (const position of new Set(variants.flatMap((v) => (v.imagePosition === null ? [] : [v.imagePosition])))) {
    const skus = variants.filter((v) => v.imagePosition === position).map((v) => v.sku);
    await tx.$executeRaw`
      UPDATE "Variant" v SET "imageId" = i.id FROM "ProductImage" i
      WHERE i."productId" = v."productId" AND i.position = ${position} AND v.sku = ANY(${skus}::text[])`;
  }
}
