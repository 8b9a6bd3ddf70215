/**
 * A private redis-server for `npm run demo:scaled` and the e2e specs: its own port and folder,
 * its own process group so stopping it leaves nothing behind. Nothing is saved to disk, except by
 * `takeDown`, which the Redis outage spec uses to bring it back holding the pages it had.
 * Imports nothing that needs ES modules: Playwright loads it as CommonJS from the specs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { portOpen } from './free-port';

export interface RedisServer {
  url: string;
  /** Stops it and deletes its folder. */
  stop: () => Promise<void>;
  /** A Redis outage: saves its data (SHUTDOWN SAVE) and exits. */
  takeDown: () => Promise<void>;
  /** Back on the same port, with the data `takeDown` saved. */
  bringBack: () => Promise<void>;
}

/** redis-server's path, or null when it is not installed. REDIS_SERVER, when set, is the only candidate. */
export function findRedisServer(): string | null {
  if (process.env.REDIS_SERVER) return process.env.REDIS_SERVER;
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

export async function startRedisServer(binary: string, port: number): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'storefront-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const running = () => child !== null && child.exitCode === null && child.signalCode === null;
  const exitOf = (process: ChildProcess) => new Promise<void>((resolve) => process.once('exit', () => resolve()));

  async function launch(): Promise<void> {
    // A page cache only: no snapshots, no append-only file (a restart starts empty, as Next expects).
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
    const started = spawn(binary, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000));
    started.stdout?.on('data', keep);
    started.stderr?.on('data', keep);
    const deadline = Date.now() + 10_000;
    while (!(await portOpen(port))) {
      if (started.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`redis-server did not listen on 127.0.0.1:${port}\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function stop(): Promise<void> {
    if (child && running() && child.pid !== undefined) {
      const exited = exitOf(child);
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }

  async function takeDown(): Promise<void> {
    if (!child || !running()) return;
    const exited = exitOf(child);
    const client = createClient({ url });
    client.on('error', () => {});
    await client.connect();
    // SAVE even though no save points are configured: the data outlives the outage.
    await client.sendCommand(['SHUTDOWN', 'SAVE']).catch(() => undefined); // the connection closes under it
    client.destroy();
    await exited;
  }

  await launch();
  return { url, stop, takeDown, bringBack: launch };
}

/** Whether a Redis answers PING at `url` within `timeoutMs` (one attempt, no reconnecting). */
export async function redisAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const probe = createClient({ url, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    if (probe.isOpen) probe.destroy();
  }
}
