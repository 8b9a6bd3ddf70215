import type { NextConfig } from 'next';

// next.config is read by both `next build` and `next start`, before the app's validated env
// exists (lib/env.ts), hence process.env here.
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The e2e suite builds into its own folder so it never overwrites the demo shop's build and
  // ISR cache.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // Several instances: one ISR cache on Redis, so a purge through one is seen by all. `next start`
  // reads this again, so a build made without REDIS_URL can still be started with it.
  ...(process.env.REDIS_URL ? { cacheHandler: require.resolve('./lib/isr-cache/redis-cache-handler.mjs') } : {}),
};

export default config;
