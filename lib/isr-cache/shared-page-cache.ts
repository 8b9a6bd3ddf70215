/**
 * Did a regenerated page reach the shared ISR cache on Redis?
 *
 * Next ignores a failed cache write: `res.revalidate` resolves although the page never reached
 * Redis (the cache handler's `set` swallows the error). While Redis is down nobody notices, since
 * every request renders its page; but once Redis is back it still holds the page from before the
 * change, and every instance serves that old price again, for a year. So with REDIS_URL a purge
 * counts only when Redis holds a copy of the page written after its regeneration started; until
 * then the page stays in the outbox and is retried.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getRouteCacheKey, type ResponseCacheOwner } from 'next/dist/server/lib/route-cache-key';
import { createClient } from 'redis';
import { z } from 'zod';
import { getEnv } from '../env';
import { keyPrefixFor } from './key-prefix.mjs';

/** The page is not (yet) in the shared cache: the purge stays pending and is retried soon. */
export class PageNotInSharedCache extends Error {
  override name = 'PageNotInSharedCache';
}

type RedisClient = ReturnType<typeof createClient>;

const unreachable = () => new PageNotInSharedCache('the shared page cache (Redis) is unreachable');

const READY_WAIT_MS = 1_000;
const COMMAND_TIMEOUT_MS = 2_000;

export interface SharedPageCache {
  /** Resolves when Redis answers; throws PageNotInSharedCache when it does not. */
  assertReachable(): Promise<void>;
  /** Throws PageNotInSharedCache unless Redis holds `pagePath` written at or after `since` (epoch ms). */
  assertWrittenSince(pagePath: string, since: number): Promise<void>;
}

let shared: { url: string; cache: SharedPageCache } | null = null;

/** The shared page cache of this process, or null without REDIS_URL (each process caches alone). */
export function sharedPageCache(): SharedPageCache | null {
  const env = getEnv();
  if (!env.REDIS_URL) return null;
  if (shared?.url !== env.REDIS_URL) {
    const build = builtPages(env.NEXT_DIST_DIR);
    shared = {
      url: env.REDIS_URL,
      cache: redisPageCache(
        reconnectingClient(env.REDIS_URL),
        keyPrefixFor(env.REDIS_KEY_PREFIX, build.buildId),
        build,
      ),
    };
  }
  return shared.cache;
}

export function redisPageCache(client: () => RedisClient, keyPrefix: string, build: BuiltPages): SharedPageCache {
  // After a wait that found Redis down, the pages queued behind it fail at once for a while: a
  // batch of 50 is put back in a second, not in 50.
  let downUntil = 0;
  async function readyClient(): Promise<RedisClient> {
    const redis = client();
    if (redis.isReady) return redis;
    if (Date.now() < downUntil) throw unreachable();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, READY_WAIT_MS);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (redis.isReady) return redis;
    downUntil = Date.now() + READY_WAIT_MS;
    throw unreachable();
  }

  return {
    async assertReachable() {
      await readyClient();
    },
    async assertWrittenSince(pagePath, since) {
      const redis = await readyClient();
      const key = keyPrefix + build.cacheKeyOf(pagePath);
      let head: string | null;
      try {
        // The entry is the whole page; its `lastModified` comes first, so 100 bytes are enough.
        head = await withTimeout(redis.getRange(key, 0, 99), COMMAND_TIMEOUT_MS);
      } catch (error) {
        throw new PageNotInSharedCache(`the shared page cache (Redis) did not answer: ${(error as Error).message}`);
      }
      const lastModified = lastModifiedOf(head) ?? lastModifiedOf(await redis.get(key));
      if (lastModified === undefined) {
        throw new PageNotInSharedCache('regenerated, but the shared page cache (Redis) has no copy of it');
      }
      if (lastModified < since) {
        throw new PageNotInSharedCache('regenerated, but the shared page cache (Redis) still holds the older copy');
      }
    },
  };
}

/** `lastModified` of a stored entry (`{"lastModified":<ms>,...}`, see @fortedigital/nextjs-cache-handler). */
function lastModifiedOf(stored: string | null): number | undefined {
  if (!stored) return undefined;
  const leading = /^\{"lastModified":(\d+)[,}]/.exec(stored);
  if (leading) return Number(leading[1]);
  try {
    const parsed: unknown = JSON.parse(stored);
    const value = (parsed as { lastModified?: unknown }).lastModified;
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined; // a truncated head: the caller reads the whole entry
  }
}

/**
 * One client per process, made again if node-redis gave up reconnecting. Commands fail at once
 * while it is disconnected (no offline queue): a purge must not wait for Redis to come back.
 */
function reconnectingClient(url: string): () => RedisClient {
  let current: RedisClient | null = null;
  return () => {
    if (current?.isOpen) return current;
    const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: COMMAND_TIMEOUT_MS } });
    client.on('error', () => {}); // the cache handler logs outages; here they fail the check
    client.connect().catch(() => {});
    current = client;
    return client;
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `RouteKind.PAGES`, a const enum Next declares but this project's TypeScript settings cannot import. */
const PAGES_ROUTE = 'PAGES' as ResponseCacheOwner['kind'];

const routeSchema = z.object({ page: z.string(), regex: z.string() });
const routesManifestSchema = z.object({ staticRoutes: z.array(routeSchema), dynamicRoutes: z.array(routeSchema) });

export interface BuiltPages {
  buildId: string;
  /** The key Next stores `pagePath` under in its cache handler. */
  cacheKeyOf(pagePath: string): string;
}

/**
 * Next keys a page by its route and path (`getRouteCacheKey`); the route is found the way Next
 * finds it, in the build's routes manifest: static routes first, then dynamic ones in order.
 */
export function builtPages(distDir: string): BuiltPages {
  const folder = path.resolve(distDir);
  const buildId = readFileSync(path.join(folder, 'BUILD_ID'), 'utf8').trim();
  const manifest = routesManifestSchema.parse(
    JSON.parse(readFileSync(path.join(folder, 'routes-manifest.json'), 'utf8')),
  );
  const routes = [...manifest.staticRoutes, ...manifest.dynamicRoutes].map((route) => ({
    page: route.page,
    pattern: new RegExp(route.regex),
  }));
  return {
    buildId,
    cacheKeyOf(pagePath) {
      const route = routes.find((candidate) => candidate.pattern.test(pagePath));
      if (!route) throw new PageNotInSharedCache(`no page of this build serves ${pagePath}`);
      return getRouteCacheKey(pagePath, { kind: PAGES_ROUTE, sourceRoute: route.page });
    },
  };
}
