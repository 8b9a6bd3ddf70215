import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The e2e suite builds into its own folder so it never overwrites the demo shop's build and
  // ISR cache. (next.config is read before the app's validated env exists, hence process.env.)
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
};

export default config;
