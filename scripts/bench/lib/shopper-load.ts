/** Starts and stops the shopper load (shopper-load-worker.ts) and labels its phases. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface PhaseStats {
  /** Milliseconds until the whole body of each 200 arrived. */
  latencies: number[];
  /** Requests that failed or answered anything but 200. */
  errors: number;
  /** Requests not sent because too many were still open. */
  skipped: number;
}

export type LoadCommand =
  | { type: 'start'; baseUrl: string; paths: string[]; rate: number; maxInFlight: number }
  | { type: 'phase'; name: string }
  | { type: 'stop' };

export interface ShopperLoad {
  /** Requests sent from now on count towards `name`. */
  phase: (name: string) => void;
  stop: () => Promise<Record<string, PhaseStats>>;
}

/** GETs random `paths` at `rate` requests per second from a child process until stopped. */
export function startShopperLoad(options: {
  baseUrl: string;
  paths: string[];
  rate: number;
  maxInFlight?: number;
}): ShopperLoad {
  const worker = fileURLToPath(new URL('./shopper-load-worker.ts', import.meta.url));
  const child = fork(worker, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const send = (command: LoadCommand) => child.send(command);
  send({ type: 'start', maxInFlight: 64, ...options });
  return {
    phase: (name) => send({ type: 'phase', name }),
    stop: () =>
      new Promise((resolve, reject) => {
        child.once('message', (message: { phases: Record<string, PhaseStats> }) => resolve(message.phases));
        child.once('exit', (code) => reject(new Error(`shopper load exited (${code}) before reporting`)));
        send({ type: 'stop' });
      }),
  };
}
