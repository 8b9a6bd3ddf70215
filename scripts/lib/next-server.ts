/**
 * `next start` as a child in its own process group (next start forks workers), so stopping it
 * leaves no orphan behind: for the e2e suite's extra instances and `npm run demo:scaled`.
 * Imports nothing that needs ES modules: Playwright loads it as CommonJS from the specs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

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
}

/** Starts `next start` on 127.0.0.1:`port`; resolves once /api/health answers (any status). */
export async function startNextServer(options: NextServerOptions): Promise<NextServer> {
  const next = path.join(options.root ?? process.cwd(), 'node_modules', '.bin', 'next');
  const child = spawn(next, ['start', '-p', String(options.port), '-H', '127.0.0.1'], {
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
