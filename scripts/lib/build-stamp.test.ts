import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildInputsHash, buildIsCurrent, recordBuild } from './build-stamp';

const env = {
  DATABASE_URL: 'postgresql://shop:s3cret-password@db.example:5432/shop',
  CATEGORY_PAGE_SIZE: '24',
  PRERENDER_PRODUCT_COUNT: '48',
};

let root: string;
let distDir: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'build-stamp-test-'));
  mkdirSync(path.join(root, 'pages'));
  mkdirSync(path.join(root, 'prisma'));
  writeFileSync(path.join(root, 'pages', 'index.tsx'), 'export default 1;');
  writeFileSync(path.join(root, 'prisma', 'schema.prisma'), 'model Product { id Int @id }');
  distDir = path.join(root, '.next');
  mkdirSync(distDir);
  writeFileSync(path.join(distDir, 'BUILD_ID'), 'x');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('build stamp', () => {
  it('is current for the same sources, database and settings', () => {
    recordBuild(root, distDir, env);
    expect(buildIsCurrent(root, distDir, { ...env, UNRELATED: 'changes nothing' })).toBe(true);
  });

  it('is stale after a source change', () => {
    recordBuild(root, distDir, env);
    writeFileSync(path.join(root, 'pages', 'index.tsx'), 'export default 2;');
    expect(buildIsCurrent(root, distDir, env)).toBe(false);
  });

  it('is stale after a schema change', () => {
    recordBuild(root, distDir, env);
    writeFileSync(path.join(root, 'prisma', 'schema.prisma'), 'model Product { id Int @id  name String }');
    expect(buildIsCurrent(root, distDir, env)).toBe(false);
  });

  it.each([
    ['DATABASE_URL', 'postgresql://shop:s3cret-password@other.example:5432/shop'],
    ['CATEGORY_PAGE_SIZE', '12'],
    ['PRERENDER_PRODUCT_COUNT', '0'],
    ['ISR_SAFETY_TTL_SECONDS', '3600'],
    ['PUBLIC_SHOP_URL', 'https://shop.example.com'],
  ])('is stale when %s changes', (name, value) => {
    recordBuild(root, distDir, env);
    expect(buildIsCurrent(root, distDir, { ...env, [name]: value })).toBe(false);
  });

  it('never writes the database URL (or its password) in clear', () => {
    recordBuild(root, distDir, env);
    const stamp = readFileSync(path.join(distDir, 'storefront-source-hash'), 'utf8');
    expect(stamp).toBe(buildInputsHash(root, env));
    expect(stamp).toMatch(/^[0-9a-f]{64}$/);
    expect(stamp).not.toContain('s3cret');
  });

  it('is stale without a finished build', () => {
    recordBuild(root, distDir, env);
    rmSync(path.join(distDir, 'BUILD_ID'));
    expect(buildIsCurrent(root, distDir, env)).toBe(false);
  });
});
