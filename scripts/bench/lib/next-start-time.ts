/**
 * `next start` time to first byte: from spawning the process to the first 200 on a page (not the
 * health route: a page needs the page cache and the database too), polled every 10 ms.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export async function nextStartToFirstPage(options: {
  root: string;
  port: number;
  env: NodeJS.ProcessEnv;
  page: string;
  timeoutMs?: number;
}): Promise<number> {
  const next = path.join(options.root, 'node_modules', '.bin', 'next');
  const spawnedAt = performance.now();
  // Its own process group, so the workers it forks stop with it.
  const child = spawn(next, ['start', '-p', String(options.port), '-H', '127.0.0.1'], {
    env: { ...options.env, PORT: String(options.port) },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const deadline = spawnedAt + (options.timeoutMs ?? 60_000);
    for (;;) {
      if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}: ${errors}`);
      const status = await fetch(`http://127.0.0.1:${options.port}${options.page}`).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status;
        },
        () => 0,
      );
      if (status === 200) return performance.now() - spawnedAt;
      if (performance.now() > deadline) throw new Error(`no 200 on ${options.page} within the timeout: ${errors}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    const pid = child.pid;
    if (pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const signalGroup = (signal: NodeJS.Signals) => {
        try {
          process.kill(-pid, signal);
        } catch {
          // already gone
        }
      };
      signalGroup('SIGTERM');
      const killer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
      signalGroup('SIGKILL'); // a worker that outlived its parent
    }
  }
}
