/**
 * One load run against a URL: wrk when installed (a small C client, Debian `apt-get install wrk`,
 * that needs far less CPU per request than a Node client, so one core of it outruns every server
 * measured here), else autocannon in this process. Both keep their connections alive and send only
 * the headers given (no Accept-Encoding unless asked).
 */
import { spawn, spawnSync } from 'node:child_process';
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
}

export type LoadGenerator = 'wrk' | 'autocannon';

export function wrkAvailable(): boolean {
  const result = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  return !result.error && /wrk/i.test(`${result.stdout}${result.stderr}`);
}

export function wrkVersion(): string {
  const result = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  return /wrk \S+/.exec(`${result.stdout}${result.stderr}`)?.[0] ?? 'wrk';
}

export async function runLoad(generator: LoadGenerator, options: LoadOptions): Promise<LoadResult> {
  return generator === 'wrk' ? runWrk(options) : runAutocannon(options);
}

async function runAutocannon({ url, connections, seconds, headers }: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** wrk with one thread (the client has one core), its latency distribution on. */
async function runWrk({ url, connections, seconds, headers }: LoadOptions): Promise<LoadResult> {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`wrk exited ${code}:\n${stdout}`))));
  });
  return parseWrk(output);
}

export function parseWrk(output: string): LoadResult {
  const rps = /Requests\/sec:\s*([\d.]+)/.exec(output)?.[1];
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m|h)\s*$/m.exec(output);
  if (!rps || !p99) throw new Error(`cannot read wrk's output:\n${output}`);
  const non2xx = Number(/Non-2xx or 3xx responses:\s*(\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    requestsPerSecond: Number(rps),
    p99Ms: Number(p99[1]) * (TIME_UNITS[p99[2] ?? 'ms'] ?? 1),
    errors: non2xx + socketErrors,
  };
}
