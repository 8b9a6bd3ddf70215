import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKGROUND_NICENESS, cpuPriorityOf, lowerSessionPriority, spawnGroup } from './next-server';

const children: number[] = [];
afterEach(() => {
  for (const pid of children.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone: the test's own failure, if any, is the one to report.
    }
  }
  vi.restoreAllMocks();
});

/** Spawns `sleep`, once it runs (`nice` sets the priority, then becomes the command). */
async function sleeper(background: boolean): Promise<number> {
  const child = await spawnGroup('sleep', ['30'], { env: process.env, background });
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
    const own = cpuPriorityOf(process.pid).niceness;
    expect(cpuPriorityOf(background).niceness).toBe(own + BACKGROUND_NICENESS);
    expect(cpuPriorityOf(foreground).niceness).toBe(own);
    // A detached child leads a session of its own: without this, its niceness would rank it only
    // against itself wherever the kernel shares the CPU between sessions first.
    if (cpuPriorityOf(background).sessionNiceness !== null) {
      expect(cpuPriorityOf(background).sessionNiceness).toBe(BACKGROUND_NICENESS);
      expect(cpuPriorityOf(foreground).sessionNiceness).toBe(0);
    }
  });
});

/** A failed write as the kernel reports it. */
function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: write`), { code });
}

describe('lowerSessionPriority', () => {
  it('waits its turn when the kernel refuses a write so soon after another (EAGAIN)', async () => {
    const write = vi
      .fn<(file: string, content: string) => Promise<void>>()
      .mockRejectedValueOnce(errno('EAGAIN'))
      .mockRejectedValueOnce(errno('EAGAIN'))
      .mockResolvedValueOnce(undefined);
    await lowerSessionPriority(4242, write);
    expect(write).toHaveBeenCalledTimes(3);
    expect(write).toHaveBeenLastCalledWith('/proc/4242/autogroup', String(BACKGROUND_NICENESS));
  });

  it("writes again only after the kernel's interval of 100 ms, not at once", async () => {
    vi.useFakeTimers();
    try {
      const write = vi
        .fn<(file: string, content: string) => Promise<void>>()
        .mockRejectedValueOnce(errno('EAGAIN'))
        .mockResolvedValueOnce(undefined);
      const lowering = lowerSessionPriority(4242, write);
      await vi.advanceTimersByTimeAsync(99);
      expect(write, 'a write within the interval would be refused again').toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(20);
      await lowering;
      expect(write).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves the process running, niced, when the kernel will not lower its session', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const write = vi.fn<(file: string, content: string) => Promise<void>>().mockRejectedValue(errno('EACCES'));
    await expect(lowerSessionPriority(4242, write)).resolves.toBeUndefined();
    expect(write).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('pid 4242 runs niced, but its session keeps its CPU weight'),
    );
  });

  it('does nothing more where there are no autogroups (ENOENT)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const write = vi.fn<(file: string, content: string) => Promise<void>>().mockRejectedValue(errno('ENOENT'));
    await lowerSessionPriority(4242, write);
    expect(write).toHaveBeenCalledTimes(1);
    expect(warn).not.toHaveBeenCalled();
  });
});
