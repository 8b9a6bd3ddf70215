import { getDb } from '../db';
import { HttpError } from '../http/errors';
import type { RegeneratePage } from '../revalidation/regenerate';
import type { DeliveryReport } from '../webhooks/apply-delivery';
import { deliveryAppliers } from '../webhooks/appliers';
import { retryDeliveryNow } from '../webhooks/inbox';
import { inboxState, listInbox } from '../webhooks/inbox-listing';
import { applyReceivedDelivery } from '../webhooks/process-inbox';

/** What the dashboard's webhook page shows. */
export async function loadWebhookInbox() {
  const [lists, counts] = await Promise.all([listInbox(getDb()), inboxState(getDb())]);
  return { ...lists, counts };
}

/** An admin's "Retry now" on a waiting or failed delivery: apply it immediately and say how it went. */
export async function retryDelivery(id: number, regenerate: RegeneratePage): Promise<DeliveryReport> {
  if (!(await retryDeliveryNow(getDb(), id))) throw new HttpError(409, `Delivery ${id} is not waiting to be applied`);
  const [report] = await applyReceivedDelivery(id, deliveryAppliers, regenerate);
  // Not claimable now: another worker has it, or an earlier delivery of its object goes first.
  return (
    report ?? {
      id,
      status: 'PENDING',
      detail: 'being applied by another worker, or waiting for an earlier delivery of its object',
      purge: [],
    }
  );
}
