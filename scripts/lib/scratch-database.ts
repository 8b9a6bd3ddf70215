import { applyMigrations } from '../db/migrations/apply';
import { connectDatabaseServer, createDatabase, dropDatabase, scratchDatabaseName } from './database-server';
import { repoRoot } from './repo';

export interface ScratchDatabase {
  url: string;
  /** The server's maintenance database, for tests that create databases of their own. */
  adminUrl: string;
}

/**
 * Runs `work` against a database made for this run alone (created, migrated) and always
 * drops it afterwards, so test runs never collide, on the embedded server or DATABASE_URL's.
 */
export async function withScratchDatabase<T>(prefix: string, work: (db: ScratchDatabase) => Promise<T>): Promise<T> {
  const server = await connectDatabaseServer(repoRoot);
  const adminUrl = server.url('postgres');
  const name = scratchDatabaseName(prefix);
  try {
    await createDatabase(adminUrl, name);
    await applyMigrations({ connectionString: server.url(name), log: () => {} });
    return await work({ url: server.url(name), adminUrl });
  } finally {
    await dropDatabase(adminUrl, name).catch((error: unknown) => console.error(`could not drop ${name}:`, error));
    await server.release();
  }
}
