import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { processTree, residentBytes, treeResidentBytes } from './process-tree';

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => children.splice(0).forEach((child) => child.kill()));

describe('process tree memory', () => {
  it('counts the children a process started (next build and next start fork workers)', async () => {
    // A shell that starts its own child: the grandchild must be found too.
    const shell = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
    children.push(shell);
    const grandchildren = () => processTree(shell.pid as number).filter((pid) => pid !== shell.pid);
    await expect.poll(grandchildren, { timeout: 5_000 }).toHaveLength(1);
    expect(processTree(process.pid)).toContain(shell.pid);
    expect(treeResidentBytes(process.pid)).toBeGreaterThan(residentBytes(process.pid));
  });

  it('reads an ended process as using nothing', () => {
    expect(residentBytes(2 ** 22 + 1)).toBe(0);
  });
});
