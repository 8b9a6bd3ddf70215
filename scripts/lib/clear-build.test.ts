import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearBuild } from './clear-build';
import { repoRoot } from './repo';

let distDir: string;
beforeEach(() => {
  distDir = path.join(mkdtempSync(path.join(tmpdir(), 'clear-build-test-')), '.next');
});
afterEach(() => rmSync(path.dirname(distDir), { recursive: true, force: true }));

describe('clearBuild', () => {
  it('empties the folder but keeps it (it may be a volume mount point)', () => {
    mkdirSync(path.join(distDir, 'server', 'pages'), { recursive: true });
    writeFileSync(path.join(distDir, 'BUILD_ID'), 'x');
    writeFileSync(path.join(distDir, '.hidden'), 'x');
    clearBuild(distDir);
    expect(existsSync(distDir)).toBe(true);
    expect(readdirSync(distDir)).toEqual([]);
  });

  it('does nothing when there is no build', () => {
    expect(() => clearBuild(distDir)).not.toThrow();
    expect(existsSync(distDir)).toBe(false);
  });

  it('refuses to empty the project itself or a folder above it', () => {
    expect(() => clearBuild(repoRoot)).toThrow(/refusing/);
    expect(() => clearBuild(path.dirname(repoRoot))).toThrow(/refusing/);
  });
});
