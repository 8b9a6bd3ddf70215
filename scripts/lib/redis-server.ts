/**
 * A private redis-server for `npm run demo:scaled` and the scaled-shop e2e spec: its own port
 * and folder, nothing saved to disk, its own process group so stopping it leaves nothing behind.
 * Imports nothing that needs ES modules: Playwright loads it as CommonJS from the specs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { portOpen } from './free-port';

export interface RedisServer {
  url: string;
  stop: () => Promise<void>;
}

/** redis-server's path, or null when it is not installed. REDIS_SERVER, when set, is the only candidate. */
export function findRedisServer(): string | null {
  if (process.env.REDIS_SERVER) return process.env.REDIS_SERVER;
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

export async function startRedisServer(binary: string, port: number): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'storefront-redis-'));
  // A page cache only: no snapshots, no append-only file (a restart starts empty, as Next expects).
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
  const child = spawn(binary, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not listen on 127.0.0.1:${port}\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
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
