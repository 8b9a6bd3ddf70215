/**
 * Which processes are using the embedded server: one file per process, named by its pid.
 * The last process to leave stops the server; a server whose users all died (killed with
 * SIGKILL) is simply adopted by the next process instead of blocking it.
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from './process-utils';

export function acquireLease(leaseDir: string): void {
  mkdirSync(leaseDir, { recursive: true });
  writeFileSync(path.join(leaseDir, String(process.pid)), new Date().toISOString());
}

export function releaseLease(leaseDir: string): void {
  rmSync(path.join(leaseDir, String(process.pid)), { force: true });
}

/** Counts leases held by live processes, deleting those left behind by dead ones. */
export function liveLeaseCount(leaseDir: string): number {
  let live = 0;
  for (const name of readdirSync(leaseDir)) {
    if (isProcessAlive(Number(name))) live += 1;
    else rmSync(path.join(leaseDir, name), { force: true });
  }
  return live;
}

/** Lock files this process holds, so a lock naming our own pid but not held is known to be stale. */
const heldLocks = new Set<string>();

/** A lock file still empty after this long was left by a holder killed before it wrote its pid. */
const EMPTY_LOCK_GRACE_MS = 5_000;

/**
 * Runs `work` holding an exclusive lock file (created with 'wx', holding our pid). The leases
 * alone let two commands starting at once both launch a server (one then fails on PostgreSQL's
 * own postmaster.pid lock), and let a release decide "no users left" and stop the server just
 * as another command acquires a lease and adopts it. Starts and stops hold this lock throughout.
 */
export async function withLock<T>(
  lockFile: string,
  work: () => Promise<T>,
  { timeoutMs = 30_000, retryMs = 50 }: { timeoutMs?: number; retryMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!tryLock(lockFile)) {
    if (removeStaleLock(lockFile)) continue;
    if (Date.now() >= deadline) {
      throw new Error(
        `timed out after ${timeoutMs / 1000} s waiting for ${lockFile}; if no other command is starting or stopping the database, delete it`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
  try {
    return await work();
  } finally {
    heldLocks.delete(lockFile);
    rmSync(lockFile, { force: true });
  }
}

function tryLock(lockFile: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
  heldLocks.add(lockFile);
  return true;
}

/**
 * Deletes the lock when its holder is gone (killed while holding it); true when the lock is
 * gone afterwards. Two waiters removing the same stale lock at once could, in a window of
 * microseconds, remove a fresh one instead; acceptable for a lock that is only stale after a kill.
 */
export function removeStaleLock(lockFile: string): boolean {
  let content: string;
  try {
    content = readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  if (!lockIsStale(lockFile, content)) return false;
  rmSync(lockFile, { force: true });
  return true;
}

function lockIsStale(lockFile: string, content: string): boolean {
  if (content === '') {
    // The holder may be between creating the file and writing its pid.
    try {
      return Date.now() - statSync(lockFile).mtimeMs > EMPTY_LOCK_GRACE_MS;
    } catch {
      return true;
    }
  }
  const holder = Number(content);
  // Our own pid in a lock we do not hold: a previous process with the same pid (container restart).
  if (holder === process.pid) return !heldLocks.has(lockFile);
  return !isProcessAlive(holder);
}
