import { useRouter } from 'next/router';
import { useState } from 'react';
import type { InboxRow } from '@/lib/webhooks/inbox-listing';
import { when } from './format';

/** Deliveries waiting to be applied or failed for good (with the reason and next attempt), each with "Retry now". */
export function WaitingDeliveries({ rows }: { rows: InboxRow[] }) {
  const router = useRouter();
  const [outcomes, setOutcomes] = useState<Record<number, string>>({});
  async function retry(id: number): Promise<void> {
    const response = await fetch('/api/admin/webhooks/retry', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id }),
    });
    const body = (await response.json().catch(() => ({}))) as {
      report?: { status: string; detail: string };
      message?: string;
    };
    const outcome = body.report ? `${body.report.status.toLowerCase()}: ${body.report.detail}` : (body.message ?? '');
    setOutcomes((current) => ({ ...current, [id]: outcome || `HTTP ${response.status}` }));
    await router.replace(router.asPath);
  }
  if (rows.length === 0)
    return <p className="queue-empty">Nothing waiting: every delivery received has been applied.</p>;
  return (
    <table className="purge-queue webhook-inbox">
      <thead>
        <tr>
          <th>Delivery</th>
          <th>Received</th>
          <th>Attempts</th>
          <th>Why it is not applied yet</th>
          <th>Next attempt</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-delivery={row.id} data-failing={row.attempts > 0} data-status={row.status}>
            <td>
              {row.provider.toLowerCase()} {row.topic} <code>{row.objectId}</code>
            </td>
            <td>{when(row.receivedAt)}</td>
            <td>{row.attempts}</td>
            <td className="reason">
              {row.status === 'FAILED' && <strong>Failed every attempt: </strong>}
              {row.lastError ?? 'waiting for its turn'}
            </td>
            <td>{row.status === 'FAILED' ? 'when you retry it' : when(row.nextAttemptAt)}</td>
            <td>
              <button type="button" onClick={() => void retry(row.id)}>
                Retry now
              </button>
              {outcomes[row.id] !== undefined && <span className="retry-outcome"> {outcomes[row.id]}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DeliveryTable({ rows, empty }: { rows: InboxRow[]; empty: string }) {
  if (rows.length === 0) return <p className="queue-empty">{empty}</p>;
  return (
    <table className="purge-queue webhook-inbox">
      <thead>
        <tr>
          <th>Delivery</th>
          <th>Outcome</th>
          <th>Applied</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-delivery={row.id} data-status={row.status}>
            <td>
              {row.provider.toLowerCase()} {row.topic} <code>{row.objectId}</code>
            </td>
            <td>
              {row.status.toLowerCase()}: {row.detail}
            </td>
            <td>{when(row.appliedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
