import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NextConfig } from 'next';
import { PHASE_PRODUCTION_BUILD } from 'next/constants';
import { securityHeaderRoutes, sessionCookieIsSecure } from './lib/http/security-headers';
import { PRODUCT_IMAGE_LOCAL_PATTERN } from './lib/storefront/product-images';

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
  // The product pictures, resized by sharp at /_next/image (docs/surfaces.md, "Images").
  images: {
    // WebP only: AVIF came out 20-45% smaller on the sample pictures but took 2.3-2.7x as long
    // to encode (254 ms against 108 ms at 1200px, one core), and every width is encoded on its
    // first request on a 2-core server. A browser without WebP gets the source's format.
    formats: ['image/webp'],
    // The widths a srcset offers, fitted to styles/globals.css: a card is 200-420 CSS px wide,
    // the gallery up to 552 (656 on one column), at 1-3x; the sources are 1200px, and the
    // optimiser never enlarges. imageSizes serve the fixed-size pictures: the cart's 64px and the
    // picker's 120px, at 1x and 2x.
    deviceSizes: [384, 512, 640, 828, 1080, 1200],
    imageSizes: [64, 128, 256],
    // Browsers keep a resized picture a day, Varnish an hour; Next re-reads the source after a
    // day and re-encodes only if it changed. A picture replaced under the same file name can
    // show its old self for that long: a new picture gets a new name (docs/surfaces.md).
    minimumCacheTTL: 86_400,
    // Only the shop's own pictures: not its pages or API, and no other host.
    localPatterns: [PRODUCT_IMAGE_LOCAL_PATTERN],
  },
  headers: () => Promise.resolve(securityHeaderRoutes({ hsts: sessionCookieIsSecure(process.env) })),
  experimental: {
    // The shared runtime inlines a per-page bootstrap <script> whose content changes with every
    // build: a static CSP could only allow it with 'unsafe-inline'. Without it each page loads
    // its own runtime chunk, a file, and script-src 'self' holds.
    turbopackSharedRuntime: false,
  },
};

// The storefront pages' one script is built before Next (scripts/lib/islands.ts), which records
// its content-named address here; the build writes it into the pages. A build without it would
// ship pages whose picker never wakes up: refuse it rather than fail silently.
const ISLAND_MANIFEST = path.join(__dirname, 'public/islands/current.json');

export default function nextConfig(phase: string): NextConfig {
  if (!existsSync(ISLAND_MANIFEST)) {
    if (phase === PHASE_PRODUCTION_BUILD) {
      throw new Error('public/islands/current.json is missing: run `npm run build:islands` before `next build`');
    }
    return config;
  }
  const { src } = JSON.parse(readFileSync(ISLAND_MANIFEST, 'utf8')) as { src: string };
  return { ...config, env: { STOREFRONT_ISLAND_SRC: src } };
}
