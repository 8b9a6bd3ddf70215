/**
 * The listing query at a deep page of a large category, as PostgreSQL runs it: one range of the
 * (categoryId, position, productId) index, no sort of the category, and no rows read before the
 * page (an OFFSET query reads every one of them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../generated/prisma/client';
import { getDb } from '../db';
import { getEnv } from '../env';
import { getListingPageRange, listingRangeQuery } from './listing-pages';
import { getCategoryPage } from './storefront';
import { rebuildListingPagesSql } from './listing-rebalance';

const PREFIX = `lpq-${Date.now().toString(36)}`;
const PAGE_SIZE = 24;
const PRODUCTS = 3_000;
const DEEP_PAGE = 100;
let categoryId = 0;

beforeAll(async () => {
  const db = getDb();
  categoryId = (await db.category.create({ data: { slug: `${PREFIX}-cat`, name: 'Deep listing' } })).id;
  await db.$executeRaw`
    WITH made AS (
      INSERT INTO "Product" (slug, title, status, "updatedAt")
      SELECT ${PREFIX} || '-' || n, 'Deep ' || n, CASE WHEN n % 7 = 0 THEN 'DRAFT' ELSE 'ACTIVE' END::"ProductStatus", now()
      FROM generate_series(1, ${PRODUCTS}::int) AS n RETURNING id)
    INSERT INTO "ProductCategory" ("productId", "categoryId", position) SELECT id, ${categoryId}, id * 10 FROM made`;
  await db.$executeRaw(rebuildListingPagesSql(PAGE_SIZE, [categoryId]));
  await db.$executeRawUnsafe('ANALYZE "Product", "ProductCategory", "ListingPage"');
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().category.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

async function planOf(query: Prisma.Sql): Promise<PlanNode[]> {
  const explain = Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${query}`;
  const [row] = await getDb().$queryRaw<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(explain);
  const plan = row?.['QUERY PLAN'][0].Plan;
  if (!plan) throw new Error('no plan');
  return nodesOf(plan);
}

describe('the listing query', () => {
  it('reads a deep page as one index range: no sort, no rows before the page', async () => {
    const range = await getListingPageRange(getDb(), categoryId, DEEP_PAGE);
    if (!range) throw new Error(`no page ${DEEP_PAGE}`);
    const nodes = await planOf(listingRangeQuery(categoryId, range));
    expect(nodes.map((n) => n['Node Type'])).not.toContain('Sort');
    const scans = nodes.filter((n) => n['Relation Name'] === 'ProductCategory');
    expect(scans).toHaveLength(1);
    expect(scans[0]?.['Index Name']).toBe('ProductCategory_categoryId_position_productId_idx');
    // The page's own rows (its active products and the drafts between them), not the 2,000 before it.
    expect(scans[0]?.['Actual Rows']).toBeLessThanOrEqual(2 * PAGE_SIZE);
  });
});

describe('a listing without pages yet', () => {
  it('shows at most four times the page size, not every product of the category, and asks for a rebalance', async () => {
    // Products put in a category with SQL, before any rebalance cut it into pages: the category is
    // one page until then (50,000 of them on one page exceeded a statement's bind limits, P2029).
    const db = getDb();
    const unpaged = await db.category.create({ data: { slug: `${PREFIX}-unpaged`, name: 'Not paged yet' } });
    await db.$executeRaw`
      INSERT INTO "ProductCategory" ("productId", "categoryId", position)
      SELECT "productId", ${unpaged.id}, position FROM "ProductCategory" WHERE "categoryId" = ${categoryId}`;
    await db.$executeRaw`
      INSERT INTO "Variant" ("productId", sku, title, price, currency, "updatedAt")
      SELECT p.id, p.slug, 'Default', 1000, 'EUR', now() FROM "Product" p WHERE p.slug LIKE ${`${PREFIX}-%`}`;
    const page = await getCategoryPage(unpaged.slug, 1);
    const pageSize = getEnv().CATEGORY_PAGE_SIZE;
    expect(page?.products).toHaveLength(4 * pageSize);
    expect(page?.hasNextPage).toBe(false);
    // The others get pages once the worker has rebalanced the category: the render asked for it.
    expect(await db.listingRebalance.count({ where: { categoryId: unpaged.id } })).toBe(1);
  });
});
