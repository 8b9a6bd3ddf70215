import type { RegeneratePage } from '../../lib/revalidation/regenerate';
import type { PurgeResult } from '../../lib/revalidation/purge-result';
import { deliveryAppliers } from '../../lib/webhooks/appliers';
import { applyReceivedDelivery } from '../../lib/webhooks/process-inbox';
import type { ReceiveResult } from '../../lib/webhooks/receive';

export interface DeliveredResult {
  duplicate: boolean;
  outcome: 'DUPLICATE' | 'UNHANDLED' | 'APPLIED' | 'IGNORED' | 'PENDING';
  detail: string;
  purge: PurgeResult[];
}

/** For tests: what a webhook route does after recording (apply now), as one result. */
export async function applyNow(received: ReceiveResult, regenerate: RegeneratePage): Promise<DeliveredResult> {
  if (!received.recorded) {
    const { duplicate } = received.answer;
    return { duplicate, outcome: duplicate ? 'DUPLICATE' : 'UNHANDLED', detail: '', purge: [] };
  }
  const [report] = await applyReceivedDelivery(received.deliveryId, deliveryAppliers, regenerate);
  if (!report) return { duplicate: false, outcome: 'PENDING', detail: 'waiting behind an earlier delivery', purge: [] };
  return { duplicate: false, outcome: report.status, detail: report.detail, purge: report.purge };
}
