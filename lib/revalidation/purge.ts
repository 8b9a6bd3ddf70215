/**
 * Regenerates pages, a bounded number at a time, and reports each one. A failure never
 * hides behind a success: every path gets its own result.
 */
import pLimit from 'p-limit';

/** Regenerates one path; in an API route this is `res.revalidate`. */
export type RegeneratePage = (path: string) => Promise<void>;

export type PurgeResult =
  { path: string; ok: true; durationMs: number } | { path: string; ok: false; durationMs: number; error: string };

export async function purgePaths(
  paths: readonly string[],
  regenerate: RegeneratePage,
  concurrency: number,
): Promise<PurgeResult[]> {
  const limit = pLimit(concurrency);
  return Promise.all(paths.map((path) => limit(() => purgeOne(path, regenerate))));
}

async function purgeOne(path: string, regenerate: RegeneratePage): Promise<PurgeResult> {
  const started = performance.now();
  try {
    await regenerate(path);
    return { path, ok: true, durationMs: elapsedSince(started) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { path, ok: false, durationMs: elapsedSince(started), error: reason };
  }
}

function elapsedSince(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

export function failedPaths(results: readonly PurgeResult[]): string[] {
  return results.filter((r) => !r.ok).map((r) => r.path);
}
