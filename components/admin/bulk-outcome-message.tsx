import type { BulkOutcome } from './use-bulk-price-change';

/** Why Apply (or a Preview) did not happen. */
export function BulkOutcomeMessage({ outcome }: { outcome: BulkOutcome }) {
  return (
    <p className={outcome.kind === 'conflict' ? 'conflict' : 'form-error'} role="alert">
      {outcome.message}
      {outcome.kind === 'conflict' && ' Click Preview to see the current prices.'}
    </p>
  );
}
