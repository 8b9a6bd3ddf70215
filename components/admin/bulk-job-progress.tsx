import type { BulkPriceJobView } from '@/lib/catalog/bulk-price-jobs';

const STATE = { RUNNING: 'running', DONE: 'done', CANCELLED: 'cancelled', FAILED: 'failed' } as const;

function headline(job: BulkPriceJobView): string {
  if (job.status === 'DONE') return `${job.variantsChanged} prices changed.`;
  if (job.status === 'CANCELLED') return `Cancelled: ${job.variantsChanged} prices changed before it stopped.`;
  if (job.status === 'FAILED') return `Failed: ${job.variantsChanged} prices changed before it stopped.`;
  if (job.cancelRequested) return 'Stopping after the current batch…';
  if (job.stalled) return 'Waiting to resume (the server running it stopped); it goes on within seconds.';
  return 'Changing prices, batch by batch…';
}

/**
 * A bulk job's progress: batches and prices done, its state, and Cancel while it runs. Each
 * batch is committed on its own, so what the bar shows is already in the shop.
 */
export function BulkJobProgress({
  job,
  onCancel,
  busy,
}: {
  job: BulkPriceJobView;
  onCancel: () => void;
  busy: boolean;
}) {
  return (
    <section className="bulk-job" data-job-id={job.id} data-status={job.status} aria-live="polite">
      <h2>
        Bulk job #{job.id}: {STATE[job.status]}
      </h2>
      <progress value={job.variantsDone} max={job.totalVariants} aria-label="Prices done" />
      <p className="bulk-job-counts">
        Batch {job.batchesDone} of about {job.batchesEstimated} · {job.variantsDone} of {job.totalVariants} prices
        {job.variantsSkipped > 0 && ` · ${job.variantsSkipped} left alone (saved by someone else since the preview)`}
      </p>
      <p className={job.status === 'DONE' ? 'bulk-applied' : 'bulk-job-state'} role="status">
        {headline(job)}
      </p>
      {job.error && <p className="form-error">{job.error}</p>}
      {job.status !== 'RUNNING' && job.variantsChanged > 0 && (
        <p>Their pages are queued and regenerate in the background (Purge queue shows what is left).</p>
      )}
      {job.status === 'RUNNING' && !job.cancelRequested && (
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      )}
    </section>
  );
}

/** The latest jobs, one line each, however many prices they changed. */
export function BulkJobList({ jobs }: { jobs: BulkPriceJobView[] }) {
  if (jobs.length === 0) return null;
  return (
    <table className="bulk-jobs">
      <caption>Latest bulk jobs</caption>
      <thead>
        <tr>
          <th>Job</th>
          <th>Started</th>
          <th>By</th>
          <th>State</th>
          <th>Prices changed</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.id} data-job-id={job.id} data-status={job.status}>
            <td>#{job.id}</td>
            <td>{new Date(job.createdAt).toLocaleString('en-US', { timeZone: 'UTC' })} UTC</td>
            <td>{job.actor}</td>
            <td>{STATE[job.status]}</td>
            <td>
              {job.variantsChanged} of {job.totalVariants}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
