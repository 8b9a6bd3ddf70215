/**
 * The migrations that rewrite existing rows, run against data written before them: what a shop
 * upgrading in place has. Each test applies the real migrations up to the one under test, writes
 * rows the old schema allows, applies the rest, and checks what the backfill made of them.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testAdminUrl } from '../../../testing/own-database';
import { withClient } from '../../lib/database-server';
import { applyMigrations } from './apply';

const realMigrationsDir = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));
const REAL = readdirSync(realMigrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A new database with the real migrations applied up to, not including, `migration`; dropped afterwards. */
async function withDatabaseBefore(migration: string, test: (url: string) => Promise<void>): Promise<void> {
  expect(REAL, `${migration} is a real migration`).toContain(migration);
  const name = `backfill_test_${randomUUID().replaceAll('-', '')}`;
  await withClient(testAdminUrl(), (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(testAdminUrl());
  url.pathname = `/${name}`;
  try {
    const before = await mkdtemp(path.join(os.tmpdir(), 'backfill-test-'));
    tempDirs.push(before);
    for (const earlier of REAL.filter((m) => m < migration)) {
      await cp(path.join(realMigrationsDir, earlier), path.join(before, earlier), { recursive: true });
    }
    await applyMigrations({ connectionString: url.toString(), migrationsDir: before, log: () => {} });
    await test(url.toString());
  } finally {
    await withClient(testAdminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

/** Applies the remaining real migrations (the one under test among them). */
async function migrateRest(url: string): Promise<string[]> {
  return (await applyMigrations({ connectionString: url, migrationsDir: realMigrationsDir, log: () => {} })).applied;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withClient(url, async (c) => (await c.query<T>(sql, params)).rows);
}

describe('migrations that backfill', () => {
  it('20261209110000_listing_pages cuts every listing at 24 active products a page and asks for a re-cut', async () => {
    await withDatabaseBefore('20261209110000_listing_pages', async (url) => {
      await query(
        url,
        `INSERT INTO "Category" (id, slug, name, "updatedAt") VALUES (1, 'full', 'Full', now()), (2, 'empty', 'Empty', now())`,
      );
      // 50 products listed in category 1 at positions 10, 20, ... ; every 7th a draft (not listed).
      await query(
        url,
        `INSERT INTO "Product" (id, slug, title, status, "updatedAt")
         SELECT n, 'p' || n, 'P' || n, (CASE WHEN n % 7 = 0 THEN 'DRAFT' ELSE 'ACTIVE' END)::"ProductStatus", now()
         FROM generate_series(1, 50) n`,
      );
      await query(
        url,
        `INSERT INTO "ProductCategory" ("productId", "categoryId", position) SELECT n, 1, n * 10 FROM generate_series(1, 50) n`,
      );
      expect(await migrateRest(url)).toContain('20261209110000_listing_pages');

      const active = Array.from({ length: 50 }, (_, i) => i + 1).filter((n) => n % 7 !== 0); // 43 products
      const pages = await query<{ categoryId: number; number: number; firstPosition: number; firstProductId: number }>(
        url,
        `SELECT "categoryId", "number", "firstPosition", "firstProductId" FROM "ListingPage" ORDER BY "categoryId", "number"`,
      );
      const MIN = -2147483648;
      expect(pages).toEqual([
        { categoryId: 1, number: 1, firstPosition: MIN, firstProductId: MIN },
        // The 25th active product opens page 2, as OFFSET 24 did.
        { categoryId: 1, number: 2, firstPosition: active[24]! * 10, firstProductId: active[24] },
        { categoryId: 2, number: 1, firstPosition: MIN, firstProductId: MIN },
      ]);
      const placed = await query<{ productId: number; page: number }>(
        url,
        `SELECT "productId", listing_page_of(1, position, "productId") AS page FROM "ProductCategory"
         WHERE "productId" = ANY($1::int[]) ORDER BY position`,
        [active],
      );
      expect(placed.map((row) => row.page)).toEqual(active.map((_, i) => (i < 24 ? 1 : 2)));
      const rebalances = await query<{ categoryId: number }>(
        url,
        `SELECT "categoryId" FROM "ListingRebalance" ORDER BY "categoryId"`,
      );
      expect(rebalances.map((row) => row.categoryId)).toEqual([1, 2]);
    });
  });

  it('20261209120000_purge_change_generation counts every generation so far as a change', async () => {
    await withDatabaseBefore('20261209120000_purge_change_generation', async (url) => {
      await query(
        url,
        `INSERT INTO "PagePurge" (path, generation, status) VALUES ('/products/a', 7, 'PENDING'), ('/', 1, 'DONE')`,
      );
      expect(await migrateRest(url)).toContain('20261209120000_purge_change_generation');
      const rows = await query<{ path: string; changeGeneration: number }>(
        url,
        `SELECT path, "changeGeneration" FROM "PagePurge" ORDER BY path`,
      );
      expect(rows).toEqual([
        { path: '/', changeGeneration: 1 },
        { path: '/products/a', changeGeneration: 7 },
      ]);
    });
  });

  it('20261210100000_purge_request leaves the outbox as it was and starts an empty log', async () => {
    await withDatabaseBefore('20261210100000_purge_request', async (url) => {
      await query(url, `INSERT INTO "PagePurge" (path, generation, status) VALUES ('/products/a', 3, 'PENDING')`);
      expect(await migrateRest(url)).toContain('20261210100000_purge_request');
      expect(await query(url, `SELECT path, generation, status::text FROM "PagePurge"`)).toEqual([
        { path: '/products/a', generation: 3, status: 'PENDING' },
      ]);
      expect(await query(url, `SELECT count(*)::int AS n FROM "PurgeRequest"`)).toEqual([{ n: 0 }]);
    });
  });
});
