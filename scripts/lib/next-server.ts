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
import { writeFileSync } from 'node:fs';
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
  const child = spawnGroup(next, ['start', '-p', String(options.port), '-H', '127.0.0.1'], options);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    options.onOutput?.(chunk.toString());
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (child.pid === undefined) throw new Error(`next start could not be spawned (${next})`);
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
export function spawnGroup(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; background?: boolean },
): ChildProcessByStdio<null, Readable, Readable> {
  const child = options.background
    ? spawn('nice', ['-n', String(BACKGROUND_NICENESS), command, ...args], spawnOptions(options.env))
    : spawn(command, args, spawnOptions(options.env));
  if (options.background && child.pid !== undefined) lowerSessionPriority(child.pid);
  return child;
}

function spawnOptions(env: NodeJS.ProcessEnv): SpawnOptionsWithStdioTuple<'ignore', 'pipe', 'pipe'> {
  return { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] };
}

/**
 * With autogroup scheduling (Linux's default on most distributions, and this machine's), the CPU
 * is shared between sessions before the processes in them, and a detached child leads a session
 * of its own: `nice` alone would rank it only against its own threads. So the session's weight is
 * lowered too; where there are no autogroups the file is missing and `nice` does it all.
 */
function lowerSessionPriority(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(BACKGROUND_NICENESS));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

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
