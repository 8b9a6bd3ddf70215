/**
 * Which processes are using the embedded server: one file per process, named by its pid.
 * The last process to leave stops the server; a server whose users all died (killed with
 * SIGKILL) is simply adopted by the next process instead of blocking it.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from './process-utils';

export function acquireLease(leaseDir: string): void {
  mkdirSync(leaseDir, { recursive: true });
  writeFileSync(path.join(leaseDir, String(process.pid)), new Date().toISOString());
}

export function releaseLease(leaseDir: string): void {
  rmSync(path.join(leaseDir, String(process.pid)), { force: true });
}

/** Counts leases held by live processes, deleting those left behind by dead ones. */
export function liveLeaseCount(leaseDir: string): number {
  let live = 0;
  for (const name of readdirSync(leaseDir)) {
    if (isProcessAlive(Number(name))) live += 1;
    else rmSync(path.join(leaseDir, name), { force: true });
  }
  return live;
}
