import type { NextApiResponse } from 'next';
import { deliveryAppliers } from './appliers';
import { applyReceivedDelivery } from './process-inbox';
import type { ReceiveResult } from './receive';
import { regeneratorFor } from '../http/regenerator';

/**
 * Answers the sender at once (the delivery is safely recorded), then applies it in this same
 * process and regenerates the pages it touched. Whatever fails here stays in the inbox or the
 * outbox, retried by the drainer; the sender already has its 200 and must not retry.
 */
export async function answerThenApply(res: NextApiResponse, received: ReceiveResult): Promise<void> {
  res.status(200).json(received.answer);
  if (!received.recorded) return;
  try {
    await applyReceivedDelivery(received.deliveryId, deliveryAppliers, regeneratorFor(res));
  } catch (error) {
    console.error(`webhook inbox: delivery ${received.deliveryId} is left to the drainer:`, error);
  }
}
