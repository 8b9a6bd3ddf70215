import { describePurgePath, servedPathOf } from '@/lib/storefront/paths';
import type { PurgeResult } from '@/lib/revalidation/purge-result';
import { useQueuedFollowUp } from './use-queued-follow-up';

function statusOf(result: PurgeResult): 'updated' | 'queued' | 'failed' {
  if (result.ok) return 'updated';
  return result.queued ? 'queued' : 'failed';
}

const LABEL = { updated: '✓ updated', queued: '… queued', failed: '✗ failed' } as const;

/**
 * What the purge after a save did, page by page. A failure is shown as a failure, never hidden;
 * a page another worker is finishing is shown as queued, never as a failure, until it settles.
 */
export function PurgeResults({ results: answered }: { results: PurgeResult[] }) {
  const results = useQueuedFollowUp(answered);
  const failed = results.filter((r) => statusOf(r) === 'failed').length;
  const queued = results.filter((r) => statusOf(r) === 'queued').length;
  const heading = failed
    ? `${failed} of ${results.length} pages failed to update: shoppers still see the old version there`
    : queued
      ? `${results.length - queued} pages updated, ${queued} queued: they finish on their own within seconds`
      : `${results.length} pages updated`;
  return (
    <section className={failed ? 'purge-results purge-failed' : 'purge-results purge-ok'} aria-live="polite">
      <h2>{heading}</h2>
      <ul>
        {results.map((result) => (
          <li key={result.path} data-path={result.path} data-ok={result.ok} data-status={statusOf(result)}>
            <span className="status">{LABEL[statusOf(result)]}</span>{' '}
            <a href={servedPathOf(result.path)} target="_blank" rel="noreferrer">
              {describePurgePath(result.path)}
            </a>
            {!result.ok && <span className="reason"> — {result.error}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
