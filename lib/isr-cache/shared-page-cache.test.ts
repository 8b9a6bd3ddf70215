import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../scripts/lib/free-port';
import { redisAnswers } from '../../scripts/lib/redis-server';
import { shouldSkipFor } from '../../scripts/lib/required-services';
import { builtPages, PageNotInSharedCache, redisPageCache, type BuiltPages } from './shared-page-cache';

const REDIS_URL = 'redis://127.0.0.1:6379';
const distDir = mkdtempSync(path.join(tmpdir(), 'shared-page-cache-'));
const reachable = !shouldSkipFor(
  (await redisAnswers(REDIS_URL)) ? undefined : `Redis not reachable at ${REDIS_URL.replace('redis://', '')}`,
);

beforeAll(() => {
  writeFileSync(path.join(distDir, 'BUILD_ID'), 'build-123\n');
  // The shape of Next's routes-manifest.json (only what the lookup reads).
  writeFileSync(
    path.join(distDir, 'routes-manifest.json'),
    JSON.stringify({
      staticRoutes: [{ page: '/', regex: '^/(?:/)?$' }],
      dynamicRoutes: [
        { page: '/categories/[slug]', regex: '^/categories/([^/]+?)(?:/)?$' },
        { page: '/categories/[slug]/page/[page]', regex: '^/categories/([^/]+?)/page/([^/]+?)(?:/)?$' },
        { page: '/products/[slug]', regex: '^/products/([^/]+?)(?:/)?$' },
      ],
    }),
  );
});
afterAll(() => rmSync(distDir, { recursive: true, force: true }));

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('builtPages', () => {
  it('reads the build id and keys each path under the route that serves it, as Next does', () => {
    const pages = builtPages(distDir);
    expect(pages.buildId).toBe('build-123');
    expect(pages.cacheKeyOf('/')).toBe(`/route-cache/PAGES/${sha256('/')}/$/index`);
    expect(pages.cacheKeyOf('/products/red-mug')).toBe(
      `/route-cache/PAGES/${sha256('/products/[slug]')}/$/products/red-mug`,
    );
    expect(pages.cacheKeyOf('/categories/mugs/page/2')).toBe(
      `/route-cache/PAGES/${sha256('/categories/[slug]/page/[page]')}/$/categories/mugs/page/2`,
    );
  });

  it('refuses a path no page of the build serves', () => {
    expect(() => builtPages(distDir).cacheKeyOf('/nowhere/a/b')).toThrow(PageNotInSharedCache);
  });
});

describe('redisPageCache', () => {
  it('reports an unreachable Redis as a page not in the shared cache', async () => {
    const closedPort = await findFreePort();
    const client = createClient({ url: `redis://127.0.0.1:${closedPort}`, disableOfflineQueue: true });
    client.on('error', () => {});
    client.connect().catch(() => {});
    try {
      const cache = redisPageCache(() => client, 'test:', builtPages(distDir));
      await expect(cache.assertReachable()).rejects.toThrow(PageNotInSharedCache);
      await expect(cache.assertWrittenSince('/', 0)).rejects.toThrow(/unreachable/);
      // Right after a wait that found it down, the next pages fail without waiting again.
      const started = Date.now();
      for (let i = 0; i < 20; i += 1) await expect(cache.assertReachable()).rejects.toThrow(/unreachable/);
      expect(Date.now() - started, '20 pages after a failed wait').toBeLessThan(900);
    } finally {
      client.destroy();
    }
  });

  describe('against Redis', () => {
    const client = createClient({ url: REDIS_URL });
    const prefix = `test-shared-page-cache-${randomBytes(6).toString('hex')}:`;
    let pages: BuiltPages;

    beforeAll(async () => {
      pages = builtPages(distDir);
      if (reachable) await client.connect();
    });
    afterAll(async () => {
      if (!client.isOpen) return;
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${prefix}*` })) keys.push(...batch);
      if (keys.length > 0) await client.unlink(keys);
      client.destroy();
    });

    /** Stores an entry the way the cache handler does: JSON, `lastModified` first, then the page. */
    async function store(pagePath: string, lastModified: number): Promise<void> {
      const entry = { lastModified, lifespan: null, tags: [], value: { kind: 'PAGES', html: 'x'.repeat(5_000) } };
      await client.set(prefix + pages.cacheKeyOf(pagePath), JSON.stringify(entry));
    }

    it.skipIf(!reachable)('accepts a copy written at or after the regeneration started', async () => {
      await store('/products/red-mug', 1_700_000_000_500);
      const cache = redisPageCache(() => client, prefix, pages);
      await expect(cache.assertWrittenSince('/products/red-mug', 1_700_000_000_000)).resolves.toBeUndefined();
      await expect(cache.assertWrittenSince('/products/red-mug', 1_700_000_000_500)).resolves.toBeUndefined();
    });

    it.skipIf(!reachable)('refuses an older copy, and a missing one', async () => {
      await store('/products/blue-mug', 1_700_000_000_000);
      const cache = redisPageCache(() => client, prefix, pages);
      await expect(cache.assertWrittenSince('/products/blue-mug', 1_700_000_000_001)).rejects.toThrow(/older copy/);
      await expect(cache.assertWrittenSince('/products/green-mug', 0)).rejects.toThrow(/no copy/);
    });

    it.skipIf(!reachable)('reads entries whose JSON does not start with lastModified', async () => {
      const entry = { tags: [], lastModified: 1_700_000_000_900, value: null };
      await client.set(prefix + pages.cacheKeyOf('/'), JSON.stringify(entry));
      const cache = redisPageCache(() => client, prefix, pages);
      await expect(cache.assertWrittenSince('/', 1_700_000_000_900)).resolves.toBeUndefined();
      await expect(cache.assertWrittenSince('/', 1_700_000_000_901)).rejects.toThrow(/older copy/);
    });
  });
});
