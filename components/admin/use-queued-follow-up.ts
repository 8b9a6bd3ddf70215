import { useEffect, useState } from 'react';
import type { PurgeResult } from '@/lib/revalidation/purge-result';

const LOOK_EVERY_MS = 1_000;
const GIVE_UP_AFTER_MS = 120_000;

/**
 * The save's results, with each page it reported queued (a worker was still on it when the save
 * answered) replaced by how it settled: looked up every second, for two minutes at most.
 */
export function useQueuedFollowUp(results: PurgeResult[]): PurgeResult[] {
  // Kept with the results it belongs to: a new save's results start with nothing settled.
  const [settled, setSettled] = useState<{ of: PurgeResult[]; byPath: ReadonlyMap<string, PurgeResult> }>();
  useEffect(() => {
    const queued = results.filter((result) => !result.ok && result.queued).map((result) => result.path);
    if (queued.length === 0) return;
    const found = new Map<string, PurgeResult>();
    const started = Date.now();
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async () => {
      const waiting = queued.filter((path) => !found.has(path)).slice(0, 500);
      if (stopped || waiting.length === 0 || Date.now() - started > GIVE_UP_AFTER_MS) return;
      try {
        const response = await fetch(
          `/api/admin/purges/status?${new URLSearchParams(waiting.map((p) => ['path', p]))}`,
        );
        if (response.ok) {
          const answer = (await response.json()) as { results: PurgeResult[] };
          for (const result of answer.results) found.set(result.path, result);
          if (!stopped) setSettled({ of: results, byPath: new Map(found) });
        }
      } catch {
        // offline for a moment: the next look tries again
      }
      if (!stopped) timer = setTimeout(() => void look(), LOOK_EVERY_MS);
    };
    timer = setTimeout(() => void look(), LOOK_EVERY_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [results]);
  const byPath = settled?.of === results ? settled.byPath : undefined;
  return results.map((result) => byPath?.get(result.path) ?? result);
}
