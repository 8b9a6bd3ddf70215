/**
 * Next's `cacheHandler` when REDIS_URL is set (see next.config.ts): every `next start` process
 * reads and writes ISR pages in one Redis, so a page regenerated through one process is what
 * every other process serves next. Without it each process keeps its own in-memory copy and
 * serves a stale page indefinitely after a purge through another one.
 *
 * Plain JavaScript because Next imports this file at run time, outside its bundler. For the
 * same reason it reads process.env itself; lib/env.ts validates REDIS_URL at start.
 */
import { CacheHandler } from '@fortedigital/nextjs-cache-handler';
import createRedisHandler from '@fortedigital/nextjs-cache-handler/redis-strings';
import { createClient } from 'redis';
import { keyPrefixFor } from './key-prefix.mjs';

function connectRedis(url) {
  const client = createClient({ url, pingInterval: 10_000 });
  let reported = false;
  // node-redis keeps reconnecting on its own; report each outage once, not every retry.
  client.on('error', (error) => {
    if (!reported) console.error(`isr-cache: Redis unavailable (${error.message}); pages render on every request`);
    reported = true;
  });
  client.on('ready', () => {
    if (reported) console.info('isr-cache: Redis reachable again');
    reported = false;
  });
  client.connect().catch(() => {}); // reported through 'error'; reconnects by itself
  return client;
}

CacheHandler.onCreation(({ buildId }) => {
  // `next build` pre-renders without Redis (it may not be reachable where the image is built):
  // after a deploy, each page's first request renders it into Redis.
  if (process.env.NEXT_PHASE === 'phase-production-build') return { handlers: [] };
  // While Redis is down the handler misses rather than falling back to a per-process cache:
  // pages render on each request (slower) but no process can serve a price another one purged.
  const client = connectRedis(process.env.REDIS_URL);
  return {
    handlers: [createRedisHandler({ client, keyPrefix: keyPrefixFor(process.env.REDIS_KEY_PREFIX, buildId) })],
  };
});

/**
 * Next decides whether a cached page is stale from the lifetime the process that rendered it
 * remembers in memory, else from the entry (`cacheControl`), else one second. So a page this process
 * never rendered itself (a worker or the other instance did) and that was not pre-rendered at
 * build went stale a second after it was written: this process then rendered it again in the
 * background on its next request, defeating PURGE_ROLE=web. The entry carries its lifetime
 * (`lifespan.revalidate`); handing it to Next as `cacheControl` makes every process agree.
 */
export default class SharedLifetimeCacheHandler extends CacheHandler {
  async get(cacheKey, ctx) {
    const entry = await super.get(cacheKey, ctx);
    const revalidate = entry?.lifespan?.revalidate;
    if (!entry || entry.cacheControl || (revalidate !== false && typeof revalidate !== 'number')) return entry;
    return { ...entry, cacheControl: { revalidate, expire: undefined } };
  }
}
