import { describePurgePath, servedPathOf } from '@/lib/storefront/paths';
import { useRouter } from 'next/router';
import { useState } from 'react';
import type { PurgeResult } from '@/lib/revalidation/purge-result';
import type { QueueRow } from '@/lib/revalidation/queue-state';
import { when } from './format';

/** Pending purges (failing ones with their reason and next retry) with a "Retry now" each. */
export function PendingPurges({ rows }: { rows: QueueRow[] }) {
  const router = useRouter();
  const [results, setResults] = useState<Record<string, PurgeResult | string>>({});
  async function retry(path: string): Promise<void> {
    const response = await fetch('/api/admin/purges/retry', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path }),
    });
    const body = (await response.json()) as { result?: PurgeResult; message?: string };
    setResults((current) => ({ ...current, [path]: body.result ?? body.message ?? `HTTP ${response.status}` }));
    await router.replace(router.asPath);
  }
  if (rows.length === 0) return <p className="queue-empty">Nothing waiting: every page shows the current catalog.</p>;
  return (
    <table className="purge-queue">
      <thead>
        <tr>
          <th>Page</th>
          <th>Waiting since</th>
          <th>Attempts</th>
          <th>Last error</th>
          <th>Next attempt</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const outcome = results[row.path];
          return (
            <tr key={row.path} data-path={row.path} data-failing={row.attempts > 0}>
              <td>
                <a href={servedPathOf(row.path)} target="_blank" rel="noreferrer">
                  {describePurgePath(row.path)}
                </a>
              </td>
              <td>{when(row.requestedAt)}</td>
              <td>{row.attempts}</td>
              <td className="reason">{row.lastError ?? ''}</td>
              <td>{when(row.nextAttemptAt)}</td>
              <td>
                <button type="button" onClick={() => void retry(row.path)}>
                  Retry now
                </button>
                {outcome !== undefined && (
                  <span className="retry-outcome">
                    {typeof outcome === 'string' ? outcome : outcome.ok ? ' ✓ updated' : ` ✗ ${outcome.error}`}
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function RecentPurges({ rows }: { rows: QueueRow[] }) {
  return (
    <table className="purge-queue">
      <thead>
        <tr>
          <th>Page</th>
          <th>Regenerated</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.path} data-path={row.path}>
            <td>{describePurgePath(row.path)}</td>
            <td>{when(row.doneAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
