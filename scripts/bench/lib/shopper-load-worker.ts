/**
 * The shopper load, in its own process so the benchmark's own work (polling, parsing, the
 * database) cannot delay its timers and inflate the latencies it measures. Open loop: requests
 * start at a fixed rate whether or not earlier ones have answered, so a slow server shows up as
 * latency instead of as fewer requests (no coordinated omission). Driven by shopper-load.ts.
 */
import type { LoadCommand, PhaseStats } from './shopper-load';

const phases = new Map<string, PhaseStats>();
let phase = 'idle';
let timer: NodeJS.Timeout | undefined;
let inFlight = 0;

function stats(name: string): PhaseStats {
  let entry = phases.get(name);
  if (!entry) phases.set(name, (entry = { latencies: [], errors: 0, skipped: 0 }));
  return entry;
}

async function shop(url: string, current: PhaseStats): Promise<void> {
  const started = performance.now();
  inFlight += 1;
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.status === 200) current.latencies.push(performance.now() - started);
    else current.errors += 1;
  } catch {
    current.errors += 1;
  } finally {
    inFlight -= 1;
  }
}

function start(baseUrl: string, paths: string[], rate: number, maxInFlight: number): void {
  const began = performance.now();
  let sent = 0;
  timer = setInterval(() => {
    const due = Math.floor(((performance.now() - began) / 1000) * rate) - sent;
    for (let i = 0; i < due; i += 1, sent += 1) {
      const current = stats(phase);
      // Past this many open requests the load would measure only its own queue.
      if (inFlight >= maxInFlight) current.skipped += 1;
      else void shop(`${baseUrl}${paths[Math.floor(Math.random() * paths.length)]}`, current);
    }
  }, 5);
}

process.on('message', (command: LoadCommand) => {
  if (command.type === 'start') start(command.baseUrl, command.paths, command.rate, command.maxInFlight);
  if (command.type === 'phase') phase = command.name;
  if (command.type === 'stop') {
    clearInterval(timer);
    // Answers still in flight belong to their phase; give them a moment, then report.
    setTimeout(
      () => process.send?.({ type: 'result', phases: Object.fromEntries(phases) }, () => process.exit(0)),
      2_000,
    );
  }
});
