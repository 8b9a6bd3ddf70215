import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIslands, ISLAND_MANIFEST } from './islands';
import { repoRoot } from './repo';

describe('buildIslands', () => {
  it('writes a content-named bundle and records its address for next.config.ts', async () => {
    const src = await buildIslands(repoRoot);
    expect(src).toMatch(/^\/islands\/storefront\.[A-Z0-9]+\.js$/);
    expect(existsSync(path.join(repoRoot, 'public', src))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(repoRoot, ISLAND_MANIFEST), 'utf8'))).toEqual({ src });
    expect(await buildIslands(repoRoot)).toBe(src); // the same content, the same name
  });
});
