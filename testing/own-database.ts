/**
 * For a test file whose writes must not meet other files' (the unit tests share one database
 * and run files in parallel): a migrated database of its own, made the file's DATABASE_URL
 * before anything reads the environment. Vitest isolates files, so `getDb()` in this file then
 * talks to it alone. Call `withOwnDatabase()` at the top level of the file.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { applyMigrations } from '../scripts/db/migrations/apply';
import { withClient } from '../scripts/lib/database-server';

/** The PostgreSQL server's "postgres" database, where tests create databases of their own. */
export function testAdminUrl(): string {
  const admin = process.env.TEST_PG_ADMIN_URL;
  if (!admin) throw new Error('TEST_PG_ADMIN_URL is not set: run unit tests through `npm run test:unit`');
  return admin;
}

export function withOwnDatabase(): void {
  const admin = testAdminUrl();
  const name = `storefront_own_${randomUUID().replaceAll('-', '')}`;
  const run = (sql: string) => withClient(admin, (client) => client.query(sql));
  beforeAll(async () => {
    await run(`CREATE DATABASE "${name}"`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    await applyMigrations({ connectionString: url.toString() });
    process.env.DATABASE_URL = url.toString();
  });
  // Registered first, so it runs after the file's own afterAll hooks (which disconnect).
  afterAll(async () => {
    await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}
