/**
 * Resident memory of a `next start` instance, from /proc (Linux): the process listening on its
 * port (`next-server`, the one that serves and renders) and its whole process group (the `next
 * start` launcher that forked it too; scripts/lib/next-server.ts starts each in a group of its own).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { listeningPids } from './cpu-pinning';

/** VmRSS of `pid` in MiB, or NaN when it is gone. */
export function rssMiB(pid: number): number {
  try {
    const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? Number.NaN : Number(kib) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** The process group of `pid` (field 5 of /proc/<pid>/stat, after the parenthesised name). */
function groupOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ');
  return Number(fields[2]);
}

function processesInGroup(group: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return groupOf(pid) === group;
      } catch {
        return false; // gone meanwhile
      }
    });
}

export interface InstanceMemory {
  /** The listening next-server process. */
  serverMiB: number;
  /** Every process of its group. */
  groupMiB: number;
}

/** The memory of the instance listening on `port` on this machine. */
export function instanceMemory(port: number): InstanceMemory {
  const [pid] = listeningPids(port);
  if (pid === undefined) throw new Error(`nothing listens on port ${port}`);
  const group = processesInGroup(groupOf(pid));
  return { serverMiB: rssMiB(pid), groupMiB: group.reduce((sum, member) => sum + (rssMiB(member) || 0), 0) };
}
