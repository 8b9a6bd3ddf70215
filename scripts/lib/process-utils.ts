import { existsSync, readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import path from 'node:path';

export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (e.g. postgres when we are not root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The arguments a process was started with (Linux /proc/<pid>/cmdline): [] when /proc exists
 * but shows no such process (gone, or a zombie), undefined where /proc cannot tell (macOS).
 */
export type ProcessArgsReader = (pid: number) => string[] | undefined;

export const readProcArgs: ProcessArgsReader = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch (error) {
    const gone = (error as NodeJS.ErrnoException).code === 'ENOENT' && existsSync('/proc/self/cmdline');
    return gone ? [] : undefined;
  }
};

/**
 * True when `pid` is a PostgreSQL server on `dataDir`. A postmaster.pid outliving its server
 * (reboot, container restart) often names a pid that now belongs to some other process, so
 * "alive" is not enough: we would wait for it to answer, fail, and refuse to start, or signal
 * a stranger when stopping. Where /proc is unavailable, "alive" is all we can check.
 */
export function isPostgresServerFor(pid: number, dataDir: string, readArgs: ProcessArgsReader = readProcArgs): boolean {
  if (!isProcessAlive(pid)) return false;
  const args = readArgs(pid);
  if (args === undefined) return true;
  const [program] = args;
  return program !== undefined && path.basename(program).includes('postgres') && args.includes(dataDir);
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

/** Polls `check` every 100 ms until it is true or `timeoutMs` passes; returns the last result. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}
