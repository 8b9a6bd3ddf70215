import type { PurgeResult } from '@/lib/revalidation/purge';

/** What the purge after a save did, page by page. A failure is shown as a failure, never hidden. */
export function PurgeResults({ results }: { results: PurgeResult[] }) {
  const failed = results.filter((r) => !r.ok).length;
  return (
    <section className={failed ? 'purge-results purge-failed' : 'purge-results purge-ok'} aria-live="polite">
      <h2>
        {failed
          ? `${failed} of ${results.length} pages failed to update: shoppers still see the old version there`
          : `${results.length} pages updated`}
      </h2>
      <ul>
        {results.map((result) => (
          <li key={result.path} data-path={result.path} data-ok={result.ok}>
            <span className="status">{result.ok ? '✓ updated' : '✗ failed'}</span>{' '}
            <a href={result.path} target="_blank" rel="noreferrer">
              {result.path}
            </a>
            {!result.ok && <span className="reason"> — {result.error}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
