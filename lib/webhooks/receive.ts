/**
 * What a webhook route does after the provider's code verified and read a delivery: record it in
 * the inbox and say what to answer. Recording is one insert, so the answer never waits for the
 * catalog; applying happens after the answer (process-inbox.ts).
 */
import { getDb } from '../db';
import { recordDelivery, type ReceivedDelivery } from './inbox';

export type ReceiveResult =
  /** Recorded now: apply `deliveryId` after answering. */
  | { recorded: true; deliveryId: number; answer: { received: true; duplicate: false; delivery: number } }
  /** A redelivery of one already recorded, or a topic the shop does not handle: nothing to do. */
  | { recorded: false; answer: { received: true; duplicate: boolean; ignored?: string } };

export async function receiveDelivery(delivery: ReceivedDelivery): Promise<ReceiveResult> {
  const id = await recordDelivery(getDb(), delivery);
  if (id === null) return { recorded: false, answer: { received: true, duplicate: true } };
  return { recorded: true, deliveryId: id, answer: { received: true, duplicate: false, delivery: id } };
}

/** The answer for a verified delivery of a type or topic the shop does not subscribe to. */
export function unhandledDelivery(kind: string): ReceiveResult {
  // 2xx, so the sender stops retrying something we will never use.
  return { recorded: false, answer: { received: true, duplicate: false, ignored: `${kind} is not handled` } };
}
