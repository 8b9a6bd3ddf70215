/**
 * CPU pinning for the throughput benchmarks, with util-linux's `taskset`: the load generator on one
 * core, the server under test on another, so on a small box the client never steals CPU from the
 * server it measures and every server gets exactly the same CPU (one core), whatever its process or
 * thread model (Varnish's hundreds of worker threads, nginx's workers, Node's single event loop).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export function tasksetAvailable(): boolean {
  return spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Whether pinning a client and a server to two different cores is possible here. */
export function canPin(clientCpu: number, serverCpu: number): boolean {
  const cpus = availableParallelism();
  return tasksetAvailable() && clientCpu !== serverCpu && clientCpu < cpus && serverCpu < cpus;
}

function taskset(args: string[]): string {
  const result = spawnSync('taskset', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`taskset ${args.join(' ')}: ${result.stderr.trim() || result.error}`);
  return result.stdout;
}

/** The current affinity mask (hex, as taskset prints it) of a process. */
export function affinityMask(pid: number): string {
  const mask = /mask:\s*([0-9a-f]+)/i.exec(taskset(['-p', String(pid)]))?.[1];
  if (!mask) throw new Error(`cannot read the CPU affinity of pid ${pid}`);
  return mask;
}

/** Pins every thread of `pid` to `cpu`; returns a function that restores the previous affinity. */
export function pinProcess(pid: number, cpu: number): () => void {
  const previous = affinityMask(pid);
  taskset(['-a', '-p', '-c', String(cpu), String(pid)]);
  return () => {
    try {
      taskset(['-a', '-p', previous, String(pid)]);
    } catch {
      // The process has exited meanwhile: nothing to restore.
    }
  };
}

/**
 * The processes listening on a local TCP port (from `ss -ltnp`, which needs the same user or
 * root to show them): for Varnish both the manager and the child, which share the socket.
 */
export function listeningPids(port: number): number[] {
  const result = spawnSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ss -ltnp failed: ${result.stderr.trim() || result.error}`);
  return [...new Set([...result.stdout.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])))];
}
