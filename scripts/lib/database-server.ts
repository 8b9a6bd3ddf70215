/**
 * Where the scripts' database lives: the server named by DATABASE_URL when it is set (your own
 * PostgreSQL), otherwise the embedded one. Either way the caller gets URLs for any database on it.
 */
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseServer {
  /** URL of `database` on this server. */
  url: (database: string) => string;
  /** URL of the database DATABASE_URL names, or the shop's default database when embedded. */
  defaultUrl: string;
  release: () => Promise<void>;
}

export const EMBEDDED_DATABASE_NAME = 'storefront';

export async function connectDatabaseServer(repoRoot: string): Promise<DatabaseServer> {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    return { url: (database) => withDatabase(configured, database), defaultUrl: configured, release: async () => {} };
  }
  const port = process.env.EMBEDDED_PG_PORT ? Number(process.env.EMBEDDED_PG_PORT) : undefined;
  const embedded = await startEmbeddedPostgres(repoRoot, port);
  const defaultUrl = embedded.url(EMBEDDED_DATABASE_NAME);
  await createDatabase(embedded.url('postgres'), EMBEDDED_DATABASE_NAME, { ifMissing: true });
  return { url: embedded.url, defaultUrl, release: embedded.release };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function createDatabase(
  adminUrl: string,
  name: string,
  options: { ifMissing?: boolean } = {},
): Promise<void> {
  await withClient(adminUrl, async (client) => {
    if (options.ifMissing) {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount) return;
    }
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    } catch (error) {
      // Two commands starting at once both saw it missing; the other one created it.
      const code = (error as { code?: string }).code;
      if (!options.ifMissing || (code !== '42P04' && code !== '23505')) throw error;
    }
  });
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
  );
}

/** Runs `work` with a connected client and always closes it. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A unique, valid database name for one test run. */
export function scratchDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${process.pid}`;
}
