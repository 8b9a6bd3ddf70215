/**
 * Bundles the storefront island (islands/storefront.ts) into public/islands/storefront.<hash>.js,
 * the one script of the pages that ship without Next's runtime, and records its address in
 * public/islands/current.json, which next.config.ts hands to the pages. Every road to `next build`
 * runs this first (npm's prebuild/predev, the demo, the e2e suite): `next start` serves public/ as
 * it is. The name changes with the content and earlier bundles stay, so a page an edge cached
 * before a deploy keeps the script it was built with.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export const ISLANDS_DIR = 'public/islands';
/** `{"src": "/islands/storefront.<hash>.js"}`: the current bundle's address. */
export const ISLAND_MANIFEST = `${ISLANDS_DIR}/current.json`;

export async function buildIslands(root: string): Promise<string> {
  mkdirSync(path.join(root, ISLANDS_DIR), { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['islands/storefront.ts'],
    outdir: ISLANDS_DIR,
    entryNames: '[name].[hash]',
    metafile: true,
    bundle: true,
    minify: true,
    format: 'iife',
    // The syntax of Next's default browser targets (Chrome 64, Firefox 67, Safari 12).
    target: 'es2018',
    tsconfig: path.join(root, 'tsconfig.json'), // the "@/*" paths
    legalComments: 'none',
    logLevel: 'warning',
  });
  const bundle = Object.keys(result.metafile.outputs).find((file) => file.endsWith('.js'));
  if (!bundle) throw new Error('esbuild wrote no island bundle');
  const src = `/${path.posix.relative('public', bundle)}`;
  writeFileSync(path.join(root, ISLAND_MANIFEST), `${JSON.stringify({ src })}\n`);
  return src;
}
