/**
 * `next start` as a child in its own process group (next start forks workers), so stopping it
 * leaves no orphan behind: for the e2e suite's extra instances and `npm run demo:scaled`.
 * Imports nothing that needs ES modules: Playwright loads it as CommonJS from the specs.
 */
import {
  spawn,
  type ChildProcess,
  type ChildProcessByStdio,
  type SpawnOptionsWithStdioTuple,
} from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface NextServer {
  origin: string;
  /** The process (and group) id of `next start`: a test pauses an instance with SIGSTOP to it. */
  pid: number;
  /** The last lines the process printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

export interface NextServerOptions {
  port: number;
  /** The repository (its node_modules/.bin/next runs); default: the current directory. */
  root?: string;
  /** The whole environment of the process. */
  env: NodeJS.ProcessEnv;
  /** Each chunk the process prints, as it prints it (the demo shows it; tests only keep the tail). */
  onOutput?: (chunk: string) => void;
  timeoutMs?: number;
  /**
   * Runs it at a lower CPU priority than the others (a worker): when both want a core, the
   * instances that serve shoppers get it first, and the worker takes what they leave.
   */
  background?: boolean;
}

/** Niceness of a background instance: at 10 it gets about a tenth of a core the others also want. */
export const BACKGROUND_NICENESS = 10;

/** Starts `next start` on 127.0.0.1:`port`; resolves once /api/health answers (any status). */
export async function startNextServer(options: NextServerOptions): Promise<NextServer> {
  const next = path.join(options.root ?? process.cwd(), 'node_modules', '.bin', 'next');
  const child = await spawnGroup(next, ['start', '-p', String(options.port), '-H', '127.0.0.1'], options);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    options.onOutput?.(chunk.toString());
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (child.pid === undefined)
    throw new Error(`next start could not be spawned (${next}${options.background ? ', through nice' : ''})`);
  const server = {
    origin: `http://127.0.0.1:${options.port}`,
    pid: child.pid,
    output: () => output,
    stop: () => stopGroup(child),
  };
  try {
    await waitUntilAnswering(server.origin, child, options.timeoutMs ?? 60_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return server;
}

/** Spawns a command as the leader of a process group and session of its own, at a lower CPU priority if `background`. */
export async function spawnGroup(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; background?: boolean },
): Promise<ChildProcessByStdio<null, Readable, Readable>> {
  const child = options.background
    ? spawn('nice', ['-n', String(BACKGROUND_NICENESS), command, ...args], spawnOptions(options.env))
    : spawn(command, args, spawnOptions(options.env));
  if (options.background && child.pid !== undefined) await lowerSessionPriority(child.pid);
  return child;
}

function spawnOptions(env: NodeJS.ProcessEnv): SpawnOptionsWithStdioTuple<'ignore', 'pipe', 'pipe'> {
  return { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] };
}

type WriteProcFile = (file: string, content: string) => Promise<void>;

/**
 * With autogroup scheduling (Linux's default on most distributions, and this machine's), the CPU
 * is shared between sessions before the processes in them, and a detached child leads a session
 * of its own: `nice` alone would rank it only against its own threads. So the session's weight is
 * lowered too; where there are no autogroups the file is missing and `nice` does it all.
 * Without CAP_SYS_ADMIN the kernel takes one such write a tenth of a second, machine-wide
 * (EAGAIN): workers started together take turns. Best effort otherwise: a worker whose session
 * keeps its weight still works, niced, and the warning says so.
 */
export async function lowerSessionPriority(pid: number, write: WriteProcFile = writeFile): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await write(`/proc/${pid}/autogroup`, String(BACKGROUND_NICENESS));
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code === 'EAGAIN' && attempt < AUTOGROUP_WRITE_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, AUTOGROUP_WRITE_INTERVAL_MS));
        continue;
      }
      console.warn(`pid ${pid} runs niced, but its session keeps its CPU weight: ${(error as Error).message}`);
      return;
    }
  }
}

/**
 * A process's niceness and, where the kernel schedules by autogroup, its session's (else null):
 * what `background` set, read back from /proc.
 */
export function cpuPriorityOf(pid: number): { niceness: number; sessionNiceness: number | null } {
  // Field 19 of stat, counted after the parenthesised name (which may hold spaces).
  const afterName = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '';
  const niceness = Number(afterName.split(' ')[16]);
  if (!existsSync(`/proc/${pid}/autogroup`)) return { niceness, sessionNiceness: null };
  const autogroup = readFileSync(`/proc/${pid}/autogroup`, 'utf8'); // "/autogroup-12 nice 10"
  return { niceness, sessionNiceness: Number(/nice (-?\d+)/.exec(autogroup)?.[1]) };
}

/** The kernel's interval between unprivileged autogroup writes is 100 ms; a little more, for the clock. */
const AUTOGROUP_WRITE_INTERVAL_MS = 110;
const AUTOGROUP_WRITE_ATTEMPTS = 30;

async function waitUntilAnswering(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const answered = await fetch(`${origin}/api/health`).then(
      () => true,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`next start did not answer at ${origin} within ${timeoutMs} ms`);
}

/** SIGTERM to the whole group, SIGKILL if it lingers. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid ?? 0, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  signalGroup(child.pid, 'SIGKILL'); // any worker that outlived its parent
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}
