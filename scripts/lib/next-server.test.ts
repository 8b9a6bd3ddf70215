import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKGROUND_NICENESS, spawnGroup } from './next-server';

const children: number[] = [];
afterEach(() => {
  for (const pid of children.splice(0)) process.kill(-pid, 'SIGKILL');
});

/** The niceness of a process (field 19 of /proc/<pid>/stat, after the parenthesised name). */
function niceness(pid: number): number {
  const afterName = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '';
  return Number(afterName.split(' ')[16]);
}

/** Its session's weight where the kernel schedules by autogroup ("/autogroup-12 nice 10"), else null. */
function autogroupNiceness(pid: number): number | null {
  if (!existsSync(`/proc/${pid}/autogroup`)) return null;
  return Number(/nice (-?\d+)/.exec(readFileSync(`/proc/${pid}/autogroup`, 'utf8'))?.[1]);
}

/** Spawns `sleep`, once it runs (`nice` sets the priority, then becomes the command). */
async function sleeper(background: boolean): Promise<number> {
  const child = spawnGroup('sleep', ['30'], { env: process.env, background });
  const pid = child.pid;
  if (pid === undefined) throw new Error('sleep did not start');
  children.push(pid);
  await expect.poll(() => readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('sleep');
  return pid;
}

describe.runIf(process.platform === 'linux')('spawnGroup', () => {
  it('runs a background process below the others, in its session too', async () => {
    const background = await sleeper(true);
    const foreground = await sleeper(false);
    expect(niceness(background)).toBe(niceness(process.pid) + BACKGROUND_NICENESS);
    expect(niceness(foreground)).toBe(niceness(process.pid));
    // A detached child leads a session of its own: without this, its niceness would rank it only
    // against itself wherever the kernel shares the CPU between sessions first.
    if (autogroupNiceness(background) !== null) {
      expect(autogroupNiceness(background)).toBe(BACKGROUND_NICENESS);
      expect(autogroupNiceness(foreground)).toBe(0);
    }
  });
});
