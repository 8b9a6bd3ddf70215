import { createHash, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { applyMigrations, PRISMA_MIGRATE_LOCK_KEY } from './apply';
import { testAdminUrl } from '../../../testing/own-database';
import { withClient } from '../../lib/database-server';

const realMigrationsDir = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));
const INIT = '20261124120000_init';
/** Every real migration, in order: the tests follow the folder, so adding a migration never breaks them. */
const REAL = readdirSync(realMigrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const tempDirs: string[] = [];

const adminUrl = testAdminUrl;

/** Runs `test` against a new empty database that is dropped afterwards. */
async function withScratchDatabase(test: (url: string) => Promise<void>): Promise<void> {
  const name = `migrations_test_${randomUUID().replaceAll('-', '')}`;
  await withClient(adminUrl(), (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  try {
    await test(url.toString());
  } finally {
    await withClient(adminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withClient(url, async (c) => (await c.query<T>(sql, params)).rows);
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const rows = await query<{ found: string | null }>(url, 'SELECT to_regclass($1)::text AS found', [`"${table}"`]);
  return rows[0]?.found != null;
}

async function historyNames(url: string): Promise<string[]> {
  const rows = await query<{ migration_name: string }>(
    url,
    'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name',
  );
  return rows.map((r) => r.migration_name);
}

/** A temporary migrations directory holding `files` (name -> SQL), optionally seeded with the real ones. */
async function migrationsDir(files: Record<string, string>, withReal = false): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'migrations-test-'));
  tempDirs.push(dir);
  if (withReal) await cp(realMigrationsDir, dir, { recursive: true });
  for (const [name, sql] of Object.entries(files)) await addMigration(dir, name, sql);
  return dir;
}

async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, 'migration.sql'), sql);
}

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

beforeAll(() => {
  adminUrl();
});

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('applyMigrations', () => {
  it('applies the real migrations to an empty database and records them like Prisma', async () => {
    await withScratchDatabase(async (url) => {
      const result = await applyMigrations({ connectionString: url, migrationsDir: realMigrationsDir });

      expect(result).toEqual({ applied: REAL, alreadyApplied: [] });
      for (const table of ['Category', 'Product', 'ProductImage', 'ProductCategory', 'Variant']) {
        expect(await tableExists(url, table), table).toBe(true);
      }
      const rows = await query<Record<string, unknown>>(
        url,
        'SELECT * FROM "_prisma_migrations" WHERE migration_name = $1',
        [INIT],
      );
      const fileBytes = await readFile(path.join(realMigrationsDir, INIT, 'migration.sql'));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        migration_name: INIT,
        checksum: sha256(fileBytes),
        applied_steps_count: 1,
        rolled_back_at: null,
        logs: null,
      });
      expect(rows[0]?.finished_at).toBeInstanceOf(Date);
      expect(rows[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });
  });

  it("creates _prisma_migrations with exactly Prisma's columns and primary key", async () => {
    await withScratchDatabase(async (url) => {
      await applyMigrations({ connectionString: url, migrationsDir: await migrationsDir({}) });

      const columns = await query(
        url,
        `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
           FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      expect(columns).toEqual([
        { column_name: 'id', data_type: 'character varying', len: 36, is_nullable: 'NO', column_default: null },
        { column_name: 'checksum', data_type: 'character varying', len: 64, is_nullable: 'NO', column_default: null },
        {
          column_name: 'finished_at',
          data_type: 'timestamp with time zone',
          len: null,
          is_nullable: 'YES',
          column_default: null,
        },
        {
          column_name: 'migration_name',
          data_type: 'character varying',
          len: 255,
          is_nullable: 'NO',
          column_default: null,
        },
        { column_name: 'logs', data_type: 'text', len: null, is_nullable: 'YES', column_default: null },
        {
          column_name: 'rolled_back_at',
          data_type: 'timestamp with time zone',
          len: null,
          is_nullable: 'YES',
          column_default: null,
        },
        {
          column_name: 'started_at',
          data_type: 'timestamp with time zone',
          len: null,
          is_nullable: 'NO',
          column_default: 'now()',
        },
        { column_name: 'applied_steps_count', data_type: 'integer', len: null, is_nullable: 'NO', column_default: '0' },
      ]);
      const pk = await query(
        url,
        `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
          WHERE conrelid = '"_prisma_migrations"'::regclass AND contype = 'p'`,
      );
      expect(pk).toEqual([{ conname: '_prisma_migrations_pkey', def: 'PRIMARY KEY (id)' }]);
    });
  });

  it('is idempotent: a second run applies nothing', async () => {
    await withScratchDatabase(async (url) => {
      await applyMigrations({ connectionString: url, migrationsDir: realMigrationsDir });
      const lines: string[] = [];

      const second = await applyMigrations({
        connectionString: url,
        migrationsDir: realMigrationsDir,
        log: (l) => lines.push(l),
      });

      expect(second).toEqual({ applied: [], alreadyApplied: REAL });
      expect(await historyNames(url)).toEqual(REAL);
      expect(lines).toEqual([`No pending migrations; ${REAL.length} already applied.`]);
    });
  });

  it('refuses to run when an applied migration was edited, and applies nothing further', async () => {
    await withScratchDatabase(async (url) => {
      const dir = await migrationsDir({}, true);
      await applyMigrations({ connectionString: url, migrationsDir: dir });
      const initFile = path.join(dir, INIT, 'migration.sql');
      await writeFile(initFile, `${await readFile(initFile, 'utf8')}\n-- edited after deploy\n`);
      await addMigration(dir, '99991231000000_second', 'CREATE TABLE "Second" ("id" INTEGER);');

      const run = applyMigrations({ connectionString: url, migrationsDir: dir });

      await expect(run).rejects.toThrow(new RegExp(`Migration ${INIT} was modified after it was applied`));
      expect(await tableExists(url, 'Second')).toBe(false);
      expect(await historyNames(url)).toEqual(REAL);
    });
  });

  it.each([
    ['LF applied, CRLF on disk', (sql: string) => sql, (sql: string) => sql.replaceAll('\n', '\r\n')],
    ['CRLF applied, LF on disk', (sql: string) => sql.replaceAll('\n', '\r\n'), (sql: string) => sql],
  ])('accepts an applied migration whose line endings changed (%s)', async (_label, before, after) => {
    await withScratchDatabase(async (url) => {
      const sql = 'CREATE TABLE "A" (\n  "id" INTEGER\n);\n';
      const dir = await migrationsDir({ '001_a': before(sql) });
      await applyMigrations({ connectionString: url, migrationsDir: dir });
      await writeFile(path.join(dir, '001_a', 'migration.sql'), after(sql));

      const result = await applyMigrations({ connectionString: url, migrationsDir: dir });

      expect(result).toEqual({ applied: [], alreadyApplied: ['001_a'] });
    });
  });

  it('rolls a failing migration back completely and names it in the error', async () => {
    await withScratchDatabase(async (url) => {
      const dir = await migrationsDir({
        '001_ok': 'CREATE TABLE "Ok" ("id" INTEGER);',
        '002_bad': 'CREATE TABLE "Partial" ("id" INTEGER);\nINSERT INTO "Missing" VALUES (1);',
        '003_later': 'CREATE TABLE "Later" ("id" INTEGER);',
      });

      const run = applyMigrations({ connectionString: url, migrationsDir: dir });

      await expect(run).rejects.toThrow(/^Migration 002_bad failed: relation "Missing" does not exist at line 2/);
      expect(await tableExists(url, 'Ok')).toBe(true);
      expect(await tableExists(url, 'Partial')).toBe(false);
      expect(await tableExists(url, 'Later')).toBe(false);
      expect(await historyNames(url)).toEqual(['001_ok']);
    });
  });

  it('commits a migration and its history row together: if the row cannot be written, the script is undone', async () => {
    await withScratchDatabase(async (url) => {
      // PostgreSQL runs a multi-statement script atomically on its own, so only a failure after the
      // script (here: the history INSERT) shows that script and row share one transaction.
      const dir = await migrationsDir({
        '001_a':
          'CREATE TABLE "T" ("id" INTEGER);\nALTER TABLE "_prisma_migrations" ADD CONSTRAINT "no_rows" CHECK (false) NOT VALID;',
      });

      const run = applyMigrations({ connectionString: url, migrationsDir: dir });

      await expect(run).rejects.toThrow(/^Migration 001_a failed: .*"no_rows"/);
      expect(await tableExists(url, 'T')).toBe(false);
      expect(await historyNames(url)).toEqual([]);
    });
  });

  it('applies a fixed migration on the next run, since a failure leaves no failed row behind', async () => {
    await withScratchDatabase(async (url) => {
      const dir = await migrationsDir({ '001_bad': 'CREATE TABLE "T" ("id" INTEGR);' });
      await expect(applyMigrations({ connectionString: url, migrationsDir: dir })).rejects.toThrow(/001_bad/);
      await addMigration(dir, '001_bad', 'CREATE TABLE "T" ("id" INTEGER);');

      const result = await applyMigrations({ connectionString: url, migrationsDir: dir });

      expect(result.applied).toEqual(['001_bad']);
    });
  });

  it('refuses to run while the history records a failed migration (e.g. left by prisma migrate deploy)', async () => {
    await withScratchDatabase(async (url) => {
      const dir = await migrationsDir({ '001_a': 'CREATE TABLE "A" ("id" INTEGER);' });
      await applyMigrations({ connectionString: url, migrationsDir: dir });
      await query(
        url,
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs) VALUES ($1, $2, '002_broken', 'boom')`,
        [randomUUID(), sha256('x')],
      );
      await addMigration(dir, '003_b', 'CREATE TABLE "B" ("id" INTEGER);');

      const run = applyMigrations({ connectionString: url, migrationsDir: dir });

      await expect(run).rejects.toThrow(/Migration 002_broken started at .* failed and was never resolved.*\n?.*boom/s);
      expect(await tableExists(url, 'B')).toBe(false);
    });
  });

  it('re-applies a migration whose only row is marked rolled back', async () => {
    await withScratchDatabase(async (url) => {
      const dir = await migrationsDir({ '001_a': 'CREATE TABLE "A" ("id" INTEGER);' });
      await applyMigrations({ connectionString: url, migrationsDir: await migrationsDir({}) });
      await query(
        url,
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, rolled_back_at) VALUES ($1, 'x', '001_a', now())`,
        [randomUUID()],
      );

      const result = await applyMigrations({ connectionString: url, migrationsDir: dir });

      expect(result.applied).toEqual(['001_a']);
      expect(await tableExists(url, 'A')).toBe(true);
    });
  });

  it('warns about, and otherwise ignores, an applied migration missing from disk', async () => {
    await withScratchDatabase(async (url) => {
      const dir = await migrationsDir({ '001_a': 'CREATE TABLE "A" ("id" INTEGER);' });
      await applyMigrations({ connectionString: url, migrationsDir: dir });
      await rm(path.join(dir, '001_a'), { recursive: true });
      await addMigration(dir, '002_b', 'CREATE TABLE "B" ("id" INTEGER);');
      const lines: string[] = [];

      const result = await applyMigrations({ connectionString: url, migrationsDir: dir, log: (l) => lines.push(l) });

      expect(result).toEqual({ applied: ['002_b'], alreadyApplied: [] });
      expect(lines[0]).toMatch(/^Warning: migration 001_a is recorded as applied but missing/);
    });
  });

  it('applies each migration exactly once when two runs race', async () => {
    await withScratchDatabase(async (url) => {
      // Named to sort after every real migration, whatever their dates.
      const dir = await migrationsDir({ '99991231000000_slow': 'SELECT pg_sleep(0.3);' }, true);

      const runs = await Promise.all([
        applyMigrations({ connectionString: url, migrationsDir: dir }),
        applyMigrations({ connectionString: url, migrationsDir: dir }),
      ]);

      const applied = runs.flatMap((r) => r.applied).sort();
      expect(applied).toEqual([...REAL, '99991231000000_slow']);
      expect(await historyNames(url)).toEqual([...REAL, '99991231000000_slow']);
    });
  });

  it("waits for Prisma's migrate advisory lock held by another session", async () => {
    await withScratchDatabase(async (url) => {
      await withClient(url, async (holder) => {
        await holder.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
        let finished = false;
        const run = applyMigrations({ connectionString: url, migrationsDir: realMigrationsDir }).finally(() => {
          finished = true;
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(finished).toBe(false);
        expect(await tableExists(url, '_prisma_migrations')).toBe(false);
        await holder.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
        expect((await run).applied).toEqual(REAL);
      });
    });
  });
});
