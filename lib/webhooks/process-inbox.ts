/**
 * The two ways a recorded delivery gets applied:
 * - `applyReceivedDelivery`: the request that recorded it, right after answering the sender;
 * - `drainInbox`: the background drainer, for retries after failures and for deliveries whose
 *   request died before applying them (left to their request for `graceMs` first).
 */
import { getDb } from '../db';
import { QUEUE_POLICY } from '../queue-policy';
import type { RegeneratePage } from '../revalidation/regenerate';
import { claimAndApply, type DeliveryAppliers, type DeliveryReport } from './apply-delivery';
import { claimDelivery, claimDueDeliveries, claimNextOfObject } from './inbox';

const nextOfObject = (after: Parameters<typeof claimNextOfObject>[1]) => claimNextOfObject(getDb(), after);

/** Applies the delivery `id` now if it is first in its object's order; else it waits its turn. */
export function applyReceivedDelivery(
  id: number,
  appliers: DeliveryAppliers,
  regenerate: RegeneratePage,
): Promise<DeliveryReport[]> {
  return claimAndApply(() => claimDelivery(getDb(), id), nextOfObject, appliers, regenerate);
}

/** Applies up to `limit` due deliveries, one claim at a time; returns what happened to each. */
export async function drainInbox(
  appliers: DeliveryAppliers,
  regenerate: RegeneratePage,
  { limit = QUEUE_POLICY.inboxDrainBatch, graceMs = 0 }: { limit?: number; graceMs?: number } = {},
): Promise<DeliveryReport[]> {
  const claimOne = async () => (await claimDueDeliveries(getDb(), 1, graceMs))[0] ?? null;
  const reports: DeliveryReport[] = [];
  while (reports.length < limit) {
    const applied = await claimAndApply(claimOne, nextOfObject, appliers, regenerate);
    if (applied.length === 0) break;
    reports.push(...applied);
  }
  return reports;
}
