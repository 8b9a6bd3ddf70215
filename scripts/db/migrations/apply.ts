/**
 * Applies prisma/migrations/<name>/migration.sql the way `prisma migrate deploy` does, using the
 * same `_prisma_migrations` table, checksums and advisory lock, so a deployment can switch
 * between this runner and Prisma's engine without either one seeing drift.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

export interface ApplyMigrationsOptions {
  connectionString: string;
  /** Defaults to `<cwd>/prisma/migrations`. */
  migrationsDir?: string;
  log?: (line: string) => void;
}

export interface ApplyMigrationsResult {
  /** Migrations this run applied, in order. */
  applied: string[];
  /** Migrations on disk that the history already recorded as applied. */
  alreadyApplied: string[];
}

interface MigrationFile {
  name: string;
  bytes: Buffer;
  checksum: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

/** The key Prisma's schema engine passes to pg_advisory_lock, so the two runners exclude each other. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// Prisma's own DDL for the history table (schema-engine, PostgreSQL flavour).
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "_prisma_migrations_pkey" PRIMARY KEY ("id")
)`;

// started_at = now() is the transaction start, i.e. when the script began; clock_timestamp() is
// the real time at the end of the script (now() would repeat the start time).
const INSERT_APPLIED_ROW = `
INSERT INTO "_prisma_migrations"
  (id, checksum, migration_name, started_at, finished_at, applied_steps_count, logs)
VALUES ($1, $2, $3, now(), clock_timestamp(), 1, NULL)`;

export async function applyMigrations(options: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const migrationsDir = options.migrationsDir ?? path.join(process.cwd(), 'prisma', 'migrations');
  const log = options.log ?? (() => {});
  const migrations = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: options.connectionString });
  await client.connect();
  try {
    return await withAdvisoryLock(client, () => applyPending(client, migrations, log));
  } finally {
    await client.end();
  }
}

async function withAdvisoryLock<T>(client: pg.Client, run: () => Promise<T>): Promise<T> {
  await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  try {
    return await run();
  } finally {
    // Ending the session releases the lock anyway; an unlock failure (e.g. a dropped connection)
    // must not hide the error that got us here.
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]).catch(() => {});
  }
}

async function applyPending(
  client: pg.Client,
  migrations: MigrationFile[],
  log: (line: string) => void,
): Promise<ApplyMigrationsResult> {
  await client.query(CREATE_MIGRATIONS_TABLE);
  const rows = await readHistory(client);
  checkHistory(rows, migrations, log);
  const appliedNames = new Set(rows.filter((r) => r.rolled_back_at === null).map((r) => r.migration_name));
  const pending = migrations.filter((m) => !appliedNames.has(m.name));
  const alreadyApplied = migrations.filter((m) => appliedNames.has(m.name)).map((m) => m.name);
  for (const migration of pending) {
    await applyOne(client, migration);
    log(`Applied migration ${migration.name}`);
  }
  log(
    pending.length === 0
      ? `No pending migrations; ${alreadyApplied.length} already applied.`
      : `Applied ${pending.length} migration(s); ${alreadyApplied.length} already applied.`,
  );
  return { applied: pending.map((m) => m.name), alreadyApplied };
}

async function readHistory(client: pg.Client): Promise<MigrationRow[]> {
  const result = await client.query<MigrationRow>(
    `SELECT migration_name, checksum, started_at, finished_at, rolled_back_at, logs
       FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  return result.rows;
}

/** Throws, listing every problem, when the recorded history does not allow applying anything. */
function checkHistory(rows: MigrationRow[], migrations: MigrationFile[], log: (line: string) => void): void {
  const onDisk = new Map(migrations.map((m) => [m.name, m]));
  const problems: string[] = [];
  for (const row of rows) {
    if (row.rolled_back_at !== null) continue;
    const file = onDisk.get(row.migration_name);
    if (row.finished_at === null) {
      problems.push(describeFailedRow(row));
    } else if (!file) {
      log(`Warning: migration ${row.migration_name} is recorded as applied but missing from the migrations directory.`);
    } else if (!checksumMatches(file.bytes, row.checksum)) {
      problems.push(
        `Migration ${row.migration_name} was modified after it was applied ` +
          `(recorded checksum ${row.checksum}, file checksum ${file.checksum}). ` +
          'Restore the original file and put the change in a new migration.',
      );
    }
  }
  if (problems.length > 0) {
    throw new Error(`Refusing to apply migrations:\n- ${problems.join('\n- ')}`);
  }
}

function describeFailedRow(row: MigrationRow): string {
  const logs = row.logs?.trim() ? ` Logs:\n${row.logs.trim()}` : '';
  return (
    `Migration ${row.migration_name} started at ${row.started_at.toISOString()} failed and was never ` +
    `resolved; fix the database, then mark it with \`prisma migrate resolve\`.${logs}`
  );
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const sql = migration.bytes.toString('utf8');
  await client.query('BEGIN');
  try {
    await client.query(sql);
    await client.query(INSERT_APPLIED_ROW, [randomUUID(), migration.checksum, migration.name]);
    await client.query('COMMIT');
  } catch (error) {
    // Unlike Prisma's engine we record nothing for a failed migration: the script and its history
    // row share one transaction, so the rollback undoes both and the database is as it was before.
    await client.query('ROLLBACK').catch(() => {});
    throw new Error(`Migration ${migration.name} failed: ${describeDbError(error, sql)}`, { cause: error });
  }
}

function describeDbError(error: unknown, sql: string): string {
  if (!(error instanceof Error)) return String(error);
  const details: string[] = [error.message];
  if (error instanceof pg.DatabaseError) {
    if (error.position) details.push(`at line ${lineOf(sql, Number(error.position))}`);
    if (error.detail) details.push(`detail: ${error.detail}`);
    if (error.hint) details.push(`hint: ${error.hint}`);
    if (error.code) details.push(`(SQLSTATE ${error.code})`);
  }
  return details.join(' ');
}

/** Line number of a 1-based character position, as PostgreSQL reports error positions. */
function lineOf(sql: string, position: number): number {
  return sql.slice(0, Math.max(0, position - 1)).split('\n').length;
}

async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  await checkLockfileProvider(migrationsDir);
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const found = await Promise.all(names.map((name) => readMigration(migrationsDir, name)));
  return found.filter((m): m is MigrationFile => m !== undefined);
}

async function readMigration(migrationsDir: string, name: string): Promise<MigrationFile | undefined> {
  const bytes = await readFile(path.join(migrationsDir, name, 'migration.sql')).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  return bytes && { name, bytes, checksum: sha256Hex(bytes) };
}

/** Prisma refuses migrations written for another provider; so do we. */
async function checkLockfileProvider(migrationsDir: string): Promise<void> {
  const lockfile = await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8').catch(() => '');
  const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(lockfile)?.[1];
  if (provider !== undefined && provider !== 'postgresql') {
    throw new Error(`${migrationsDir}/migration_lock.toml is for provider "${provider}", not "postgresql".`);
  }
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Prisma's engine accepts the file as is, with CRLF turned into LF, or with LF turned into CRLF,
 * because git may rewrite line endings on checkout. latin1 round-trips every byte unchanged.
 */
export function checksumMatches(bytes: Buffer, recorded: string): boolean {
  const text = bytes.toString('latin1');
  const variants = [text, text.replaceAll('\r\n', '\n'), text.replaceAll('\n', '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(Buffer.from(variant, 'latin1')).digest();
    return digest.toString('hex') === recorded || legacyHex(digest) === recorded;
  });
}

/** Old engine versions wrote checksums without zero-padding each byte (prisma-engines#1887). */
function legacyHex(digest: Buffer): string {
  return Array.from(digest, (byte) => byte.toString(16)).join('');
}
