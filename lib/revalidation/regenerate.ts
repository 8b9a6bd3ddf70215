/**
 * Regenerating is Next re-rendering a page into its cache (`res.revalidate`). This runs a bounded
 * number at a time and reports each page: a failure never hides behind a success.
 */
import pLimit from 'p-limit';
import { PageNotInSharedCache } from '../isr-cache/shared-page-cache';
import type { PurgeResult } from './purge-result';

/** Regenerates one path; in an API route this is `res.revalidate`. */
export type RegeneratePage = (path: string) => Promise<void>;

export async function regeneratePages(
  paths: readonly string[],
  regenerate: RegeneratePage,
  concurrency: number,
): Promise<PurgeResult[]> {
  const limit = pLimit(concurrency);
  return Promise.all(paths.map((path) => limit(() => regenerateAndReport(path, regenerate))));
}

/**
 * Renders of each path this process has started and not yet finished. Next merges overlapping
 * revalidations of one path into one render, so joining a render that began before our commit
 * would report success for a page built from older data (regenerate.test.ts: "never reports a
 * page done from a render that started before the caller asked"). Instead we wait for it, then
 * render again; callers arriving together share that newer render.
 */
const rendering = new Map<string, Promise<void>>();

async function regenerateAfterCommit(path: string, regenerate: RegeneratePage): Promise<void> {
  const earlier = rendering.get(path);
  if (earlier) await earlier.catch(() => undefined);
  const sinceWaiting = rendering.get(path);
  if (sinceWaiting && sinceWaiting !== earlier) return sinceWaiting; // started after our commit
  const render = regenerate(path).finally(() => {
    if (rendering.get(path) === render) rendering.delete(path);
  });
  rendering.set(path, render);
  return render;
}

async function regenerateAndReport(path: string, regenerate: RegeneratePage): Promise<PurgeResult> {
  const started = performance.now();
  try {
    await regenerateAfterCommit(path, regenerate);
    return { path, ok: true, durationMs: elapsedSince(started) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const notInSharedCache = error instanceof PageNotInSharedCache;
    return {
      path,
      ok: false,
      durationMs: elapsedSince(started),
      error: reason,
      ...(notInSharedCache && { notInSharedCache }),
    };
  }
}

function elapsedSince(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
