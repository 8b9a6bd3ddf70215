/**
 * The shopper load of bench:roles, in its own process so the benchmark's own work (the writes it
 * sends, the database it polls) cannot delay its timers. Open loop (open-loop.ts): each target
 * gets requests due at a fixed rate from the start, sent when due whatever is still unanswered,
 * and each latency counts from the due time. Driven by open-loop-load.ts. With OPEN_LOOP_TRACE set
 * to a file, every answer is also appended to it: target, phase, due time (ms after the start),
 * latency (ms) and path, to line up with a server's request log (request-log.mjs).
 */
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import { indexesDue, openLoopLatency, phaseAt } from './open-loop';
import type { OpenLoopCommand, OpenLoopStats } from './open-loop-load';

const results = new Map<string, OpenLoopStats>();
const phases: [string, number][] = [];
let timer: NodeJS.Timeout | undefined;
/** Requests sent and not answered yet (each ends by its timeout at the latest). */
const inFlight = new Set<Promise<unknown>>();

function statsOf(target: string, phase: string): OpenLoopStats {
  const key = `${target}\t${phase}`;
  let entry = results.get(key);
  if (!entry) results.set(key, (entry = { target, phase, latencies: [], errors: 0, timeouts: 0 }));
  return entry;
}

function get(agent: http.Agent, url: string, timeoutMs: number): Promise<'ok' | 'error' | 'timeout'> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent }, (response) => {
      response.resume(); // read the whole body: the latency is until its last byte
      response.on('end', () => resolve(response.statusCode === 200 ? 'ok' : 'error'));
      response.on('error', () => resolve('error'));
    });
    request.setTimeout(timeoutMs, () => {
      request.destroy();
      resolve('timeout');
    });
    request.on('error', () => resolve('error'));
  });
}

function start(command: Extract<OpenLoopCommand, { type: 'start' }>): void {
  // Past maxSockets a request waits in the agent's queue: still counted from its due time.
  const agents = command.targets.map(() => new http.Agent({ keepAlive: true, maxSockets: command.maxSockets }));
  const wallStart = Date.now();
  const clockStart = performance.now();
  const sent = command.targets.map(() => 0);
  const tick = () => {
    const elapsed = performance.now() - clockStart;
    command.targets.forEach((target, t) => {
      for (const index of indexesDue(elapsed, command.rate, sent[t] ?? 0)) {
        sent[t] = index + 1;
        // The same page order at every target, so edge and direct see the same mix.
        const path = command.paths[index % command.paths.length] ?? '/';
        const phase = phaseAt(phases, wallStart + (index * 1000) / command.rate) ?? 'before';
        const answered = get(agents[t]!, `${target.baseUrl}${path}`, command.timeoutMs).then((outcome) => {
          inFlight.delete(answered);
          const stats = statsOf(target.name, phase);
          const latency = openLoopLatency(clockStart, index, command.rate, performance.now());
          // A request given up on still waited at least this long: left out, it would make the
          // percentiles look better the worse the stall (the omission an open loop is there to avoid).
          if (outcome === 'ok' || outcome === 'timeout') stats.latencies.push(latency);
          if (outcome === 'timeout') stats.timeouts += 1;
          const trace = process.env.OPEN_LOOP_TRACE;
          if (trace)
            appendFileSync(
              trace,
              `${target.name} ${phase} ${(index * 1000) / command.rate} ${latency.toFixed(1)} ${path}\n`,
            );
          if (outcome === 'error') stats.errors += 1;
        });
        inFlight.add(answered);
      }
    });
  };
  tick();
  timer = setInterval(tick, 2);
}

process.on('message', (command: OpenLoopCommand) => {
  if (command.type === 'start') start(command);
  if (command.type === 'phase') phases.push([command.name, command.at]);
  if (command.type === 'stop') {
    clearInterval(timer);
    // Answers still in flight belong to their phase: wait for them (each ends by its timeout).
    void Promise.all(inFlight).then(() =>
      process.send?.({ type: 'result', stats: [...results.values()] }, () => process.exit(0)),
    );
  }
});
