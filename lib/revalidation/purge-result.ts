/**
 * What a purge reports for each page: the admin, webhook and manual-purge answers list these, so
 * a shopper-visible outcome (updated, queued, failed) is never folded into one yes or no.
 */
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

const ASKED_AGAIN =
  'regenerated, but asked for again meanwhile (a newer change, or a render that may predate this one); it finishes on its own';

/** A page this claim regenerated but could not mark done: asked for again since (queued, not failed). */
export function askedAgainResult(path: string): PurgeResult {
  return queuedResult(path, ASKED_AGAIN);
}

export function isAskedAgain(result: PurgeResult): boolean {
  return !result.ok && result.queued === true && result.error === ASKED_AGAIN;
}

/** Paths whose regeneration failed (queued ones are not failures). */
export function failedPaths(results: readonly PurgeResult[]): string[] {
  return results.filter((r) => !r.ok && !r.queued).map((r) => r.path);
}

/** Paths another worker is finishing. */
export function queuedPaths(results: readonly PurgeResult[]): string[] {
  return results.filter((r) => !r.ok && r.queued).map((r) => r.path);
}
