/** Starts and stops the open-loop shopper load (open-loop-worker.ts) and labels its phases. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface OpenLoopTarget {
  name: string;
  baseUrl: string;
}

export interface OpenLoopStats {
  target: string;
  phase: string;
  /**
   * Due time → whole body of each 200, ms; and due time → giving up for each timeout (a lower
   * bound of what that shopper waited).
   */
  latencies: number[];
  /** Failed, or answered anything but 200. */
  errors: number;
  /** No complete answer within the timeout. */
  timeouts: number;
}

export type OpenLoopCommand =
  | { type: 'start'; targets: OpenLoopTarget[]; paths: string[]; rate: number; maxSockets: number; timeoutMs: number }
  | { type: 'phase'; name: string; at: number }
  | { type: 'stop' };

export interface OpenLoopLoad {
  /** Requests due from now on count towards `name`. */
  phase: (name: string) => void;
  stop: () => Promise<OpenLoopStats[]>;
}

/** GETs `paths` in turn at `rate` requests per second at each target, from a child process, until stopped. */
export function startOpenLoopLoad(options: {
  targets: OpenLoopTarget[];
  paths: string[];
  rate: number;
  maxSockets?: number;
  timeoutMs?: number;
}): OpenLoopLoad {
  const worker = fileURLToPath(new URL('./open-loop-worker.ts', import.meta.url));
  const child = fork(worker, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const send = (command: OpenLoopCommand) => child.send(command);
  send({ type: 'start', maxSockets: 256, timeoutMs: 10_000, ...options });
  return {
    phase: (name) => send({ type: 'phase', name, at: Date.now() }),
    stop: () =>
      new Promise((resolve, reject) => {
        child.once('message', (message: { stats: OpenLoopStats[] }) => resolve(message.stats));
        child.once('exit', (code) => reject(new Error(`shopper load exited (${code}) before reporting`)));
        send({ type: 'stop' });
      }),
  };
}
