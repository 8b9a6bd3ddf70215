/**
 * How long does purging one product's pages take? Against a running shop (e.g. `npm run demo`):
 *   npm run bench:purge-one-product -- [--base http://localhost:3000] [--runs 30] [--slug <product>]
 * POSTs {"products": [slug]} to /api/revalidate `runs` times (after 3 warm-up runs) and prints
 * the percentiles of the whole request and of each page's `res.revalidate`.
 * The secret comes from REVALIDATE_SECRET or the demo's .data/demo-revalidate-secret.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../lib/repo';
import { runMain } from '../lib/run-main';

interface PurgeResponse {
  results: { path: string; ok: boolean; durationMs: number }[];
}

function secret(): string {
  const file = path.join(repoRoot, '.data', 'demo-revalidate-secret');
  const value = process.env.REVALIDATE_SECRET ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  if (!value) throw new Error('Set REVALIDATE_SECRET (or start the shop with `npm run demo` first).');
  return value;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function summary(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const [p50, p95, max] = [percentile(sorted, 50), percentile(sorted, 95), sorted.at(-1) ?? NaN];
  return `${label.padEnd(28)} p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  max ${max.toFixed(1)} ms  (n=${values.length})`;
}

async function firstFeaturedSlug(base: string): Promise<string> {
  const html = await (await fetch(`${base}/`)).text();
  const slug = /href="\/products\/([a-z0-9-]+)"/.exec(html)?.[1];
  if (!slug) throw new Error('no product linked from the home page');
  return slug;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { base: { type: 'string' }, runs: { type: 'string' }, slug: { type: 'string' } },
  });
  const base = values.base ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const runs = Number(values.runs ?? 30);
  const slug = values.slug ?? (await firstFeaturedSlug(base));
  const requestMs: number[] = [];
  const pageMs: number[] = [];
  let paths: string[] = [];
  for (let i = -3; i < runs; i += 1) {
    const started = performance.now();
    const response = await fetch(`${base}/api/revalidate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ products: [slug] }),
    });
    const body = (await response.json()) as PurgeResponse;
    if (response.status !== 200) throw new Error(`purge failed: ${response.status} ${JSON.stringify(body)}`);
    if (i < 0) continue; // warm-up
    requestMs.push(performance.now() - started);
    pageMs.push(...body.results.map((r) => r.durationMs));
    paths = body.results.map((r) => r.path);
  }
  console.log(`product ${slug}: ${paths.length} pages (${paths.join(' ')})`);
  console.log(summary('whole purge request', requestMs));
  console.log(summary('one page (res.revalidate)', pageMs));
}

runMain(main);
