/**
 * Bundles the storefront island (islands/storefront.ts) into public/islands/storefront.js, the one
 * script of the pages that ship without Next's runtime. Every road to `next build` runs this
 * first (npm's prebuild/predev, the demo, the e2e suite): `next start` serves public/ as it is.
 */
import path from 'node:path';
import { build } from 'esbuild';

/** The output, relative to the repository; components/island-script.tsx loads it. */
export const ISLAND_OUTFILE = 'public/islands/storefront.js';

export async function buildIslands(root: string): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: ['islands/storefront.ts'],
    outfile: ISLAND_OUTFILE,
    bundle: true,
    minify: true,
    format: 'iife',
    // The syntax of Next's default browser targets (Chrome 64, Firefox 67, Safari 12).
    target: 'es2018',
    tsconfig: path.join(root, 'tsconfig.json'), // the "@/*" paths
    legalComments: 'none',
    logLevel: 'warning',
  });
}
