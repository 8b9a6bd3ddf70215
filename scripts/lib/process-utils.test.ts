import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isPostgresServerFor, type ProcessArgsReader } from './process-utils';

const dataDir = '/repo/.data/postgres';
/** A pid that existed a moment ago and has exited. */
const deadPid = spawnSync('true').pid;
const argsOf =
  (args: string[] | undefined): ProcessArgsReader =>
  () =>
    args;

describe('isPostgresServerFor (is postmaster.pid still ours?)', () => {
  it('accepts the postgres server started on this data folder', () => {
    const postmaster = ['/x/native/bin/postgres', '-D', dataDir, '-p', '54329', '-h', '127.0.0.1'];
    expect(isPostgresServerFor(process.pid, dataDir, argsOf(postmaster))).toBe(true);
  });

  it('rejects a live process that merely reuses the pid', () => {
    expect(isPostgresServerFor(process.pid, dataDir, argsOf(['sleep', '100']))).toBe(false);
    expect(isPostgresServerFor(process.pid, dataDir, argsOf(['/usr/bin/node', 'scripts/with-db.ts']))).toBe(false);
  });

  it('rejects a postgres server on another data folder', () => {
    const other = ['/usr/lib/postgresql/15/bin/postgres', '-D', '/var/lib/postgresql/15/main'];
    expect(isPostgresServerFor(process.pid, dataDir, argsOf(other))).toBe(false);
  });

  it('rejects a process /proc no longer shows (gone, or a zombie with no arguments)', () => {
    expect(isPostgresServerFor(process.pid, dataDir, argsOf([]))).toBe(false);
  });

  it('falls back to "alive" where /proc cannot tell', () => {
    expect(isPostgresServerFor(process.pid, dataDir, argsOf(undefined))).toBe(true);
    expect(isPostgresServerFor(deadPid, dataDir, argsOf(undefined))).toBe(false);
  });

  it('rejects a dead pid whatever /proc says, and garbage pids', () => {
    expect(isPostgresServerFor(deadPid, dataDir, argsOf(['postgres', '-D', dataDir]))).toBe(false);
    expect(isPostgresServerFor(Number.NaN, dataDir, argsOf(['postgres', '-D', dataDir]))).toBe(false);
  });

  it('reads the real /proc by default', () => {
    // This process is node, not postgres: a postmaster.pid naming it is stale.
    expect(isPostgresServerFor(process.pid, dataDir)).toBe(process.platform !== 'linux');
  });
});
