import type { NextConfig } from 'next';
import { securityHeaderRoutes, sessionCookieIsSecure } from './lib/http/security-headers';

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
  // Evaluated by `next build` only (`next start` serves the build's copy): build with the env you
  // start with, or HSTS follows the build's SESSION_COOKIE_SECURE.
  headers: () => Promise.resolve(securityHeaderRoutes({ hsts: sessionCookieIsSecure(process.env) })),
  experimental: {
    // The shared runtime inlines a per-page bootstrap <script> whose content changes with every
    // build: a static CSP could only allow it with 'unsafe-inline'. Without it each page loads
    // its own runtime chunk, a file, and script-src 'self' holds.
    turbopackSharedRuntime: false,
  },
};

export default config;
