import { PurgeResults } from './purge-results';
import type { BulkOutcome } from './use-bulk-price-change';

/** What Apply (or a failed Preview) did: the count and purge results, or why it did not happen. */
export function BulkOutcomeMessage({ outcome }: { outcome: BulkOutcome }) {
  if (outcome.kind === 'applied') {
    return (
      <>
        <p className="bulk-applied" role="status">
          {outcome.updated} prices changed.
        </p>
        <PurgeResults results={outcome.results} />
      </>
    );
  }
  return (
    <p className={outcome.kind === 'conflict' ? 'conflict' : 'form-error'} role="alert">
      {outcome.message}
      {outcome.kind === 'conflict' && ' Click Preview to see the current prices.'}
    </p>
  );
}
