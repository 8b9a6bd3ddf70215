import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleLock, withLock } from './server-leases';

let folder: string;
let lockFile: string;
beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'lock-test-'));
  lockFile = path.join(folder, 'postgres.lock');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withLock', () => {
  it('holds a lock file naming this process while the work runs, and removes it after', async () => {
    const seen = await withLock(lockFile, () => Promise.resolve(readFileSync(lockFile, 'utf8')));
    expect(seen).toBe(String(process.pid));
    expect(existsSync(lockFile)).toBe(false);
  });

  it('removes the lock even when the work fails', async () => {
    await expect(withLock(lockFile, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lockFile)).toBe(false);
  });

  it('runs one holder at a time', async () => {
    const events: string[] = [];
    const work = (name: string) => async () => {
      events.push(`${name} in`);
      await sleep(120);
      events.push(`${name} out`);
    };
    await Promise.all([withLock(lockFile, work('a')), withLock(lockFile, work('b')), withLock(lockFile, work('c'))]);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i]?.replace(' in', '')).toBe(events[i + 1]?.replace(' out', ''));
    }
  });

  it('takes over a lock left by a dead process', async () => {
    writeFileSync(lockFile, String(spawnSync('true').pid));
    expect(await withLock(lockFile, () => Promise.resolve('ran'), { timeoutMs: 1000 })).toBe('ran');
  });

  it('waits for a live holder, then gives up with a message naming the file', async () => {
    writeFileSync(lockFile, String(process.ppid));
    await expect(withLock(lockFile, () => Promise.resolve(), { timeoutMs: 200 })).rejects.toThrow(lockFile);
    expect(readFileSync(lockFile, 'utf8')).toBe(String(process.ppid));
  });
});

describe('removeStaleLock', () => {
  it('keeps a lock whose holder is alive', () => {
    writeFileSync(lockFile, String(process.ppid));
    expect(removeStaleLock(lockFile)).toBe(false);
    expect(existsSync(lockFile)).toBe(true);
  });

  it('removes a lock naming our own pid that we do not hold (a pid reused after a restart)', () => {
    writeFileSync(lockFile, String(process.pid));
    expect(removeStaleLock(lockFile)).toBe(true);
    expect(existsSync(lockFile)).toBe(false);
  });

  it('keeps a lock naming our own pid while we hold it', async () => {
    await withLock(lockFile, () => {
      expect(removeStaleLock(lockFile)).toBe(false);
      return Promise.resolve();
    });
  });

  it('gives a just-created empty lock time to get its pid, but not forever', () => {
    writeFileSync(lockFile, '');
    expect(removeStaleLock(lockFile)).toBe(false);
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(lockFile, longAgo, longAgo);
    expect(removeStaleLock(lockFile)).toBe(true);
  });

  it('reports a missing lock as gone', () => {
    expect(removeStaleLock(lockFile)).toBe(true);
  });
});
