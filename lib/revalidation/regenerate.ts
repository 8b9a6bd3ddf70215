/**
 * Regenerates pages, a bounded number at a time, and reports each one. A failure never
 * hides behind a success: every path gets its own result.
 */
import pLimit from 'p-limit';
import { PageNotInSharedCache } from '../isr-cache/shared-page-cache';

/** Regenerates one path; in an API route this is `res.revalidate`. */
export type RegeneratePage = (path: string) => Promise<void>;

export type PurgeResult =
  | { path: string; ok: true; durationMs: number }
  | {
      path: string;
      ok: false;
      durationMs: number;
      error: string;
      /** Next may have rendered it, but the shared page cache (Redis) does not hold it: retried soon. */
      notInSharedCache?: boolean;
      /**
       * Not a failure: another worker is regenerating it (or will, from the outbox) and nothing has
       * gone wrong; it finishes on its own. Reported apart so nobody mistakes it for a failure.
       */
      queued?: true;
    };

/** A page another worker finishes: queued, not failed. */
export function queuedResult(path: string, why: string): PurgeResult {
  return { path, ok: false, queued: true, durationMs: 0, error: why };
}

export async function regeneratePages(
  paths: readonly string[],
  regenerate: RegeneratePage,
  concurrency: number,
): Promise<PurgeResult[]> {
  const limit = pLimit(concurrency);
  return Promise.all(paths.map((path) => limit(() => purgeOne(path, regenerate))));
}

/** Renders of each path this process has started and not yet finished. */
const rendering = new Map<string, Promise<void>>();

/**
 * Regenerates `path` with a render that starts after the caller's commit. Next merges
 * overlapping revalidations of one path into one render, so joining a render that began
 * before our commit would report success for a page built from older data. Instead we wait
 * for it, then render again; callers arriving together share that newer render.
 */
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

async function purgeOne(path: string, regenerate: RegeneratePage): Promise<PurgeResult> {
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

/** Paths whose regeneration failed (queued ones are not failures). */
export function failedPaths(results: readonly PurgeResult[]): string[] {
  return results.filter((r) => !r.ok && !r.queued).map((r) => r.path);
}

/** Paths another worker is finishing. */
export function queuedPaths(results: readonly PurgeResult[]): string[] {
  return results.filter((r) => !r.ok && r.queued).map((r) => r.path);
}
