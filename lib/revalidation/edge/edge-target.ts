/**
 * An edge target is a cache in front of the shop (Varnish, a CDN) that must forget a page
 * after Next regenerated it. Adding one: write a `purge(paths)` that reports every path, and
 * register it in targets.ts under the env that turns it on.
 */

export type EdgePurgeResult = { path: string; ok: true } | { path: string; ok: false; error: string };

export interface EdgeTarget {
  /** Stable, short (at most 40 characters): it keys the target's rows in the outbox. */
  readonly name: string;
  /** Purges `paths` (each starting with `/`); never throws, every path gets its own result. */
  purge(paths: readonly string[]): Promise<EdgePurgeResult[]>;
  /**
   * Drops any copy of `paths`, documents the shop no longer lets an edge keep (the product feed),
   * fetching nothing: a copy kept before that, or by a configuration without the rule, must not
   * outlive the change. Omitted by a target whose shipped configuration never serves a kept copy
   * of them (nginx passes /feeds/). Never throws, every path gets its own result.
   */
  forget?(paths: readonly string[]): Promise<EdgePurgeResult[]>;
}

/** Every path failed with the same reason (a batch call that failed as a whole). */
export function failAll(paths: readonly string[], error: unknown): EdgePurgeResult[] {
  const reason = error instanceof Error ? error.message : String(error);
  return paths.map((path) => ({ path, ok: false, error: reason }));
}
