/**
 * The two ways a recorded delivery gets applied:
 * - `applyReceivedDelivery`: the request that recorded it, right after answering the sender;
 * - `drainInbox`: the background drainer, for retries after failures and for deliveries whose
 *   request died before applying them (left to their request for `graceMs` first).
 */
import { getDb } from '../db';
import type { RegeneratePage } from '../revalidation/purge';
import { applyInOrder, type DeliveryAppliers, type DeliveryReport } from './apply-delivery';
import { claimDelivery, claimDueDeliveries } from './inbox';

/** Applies the delivery `id` now if it is first in its object's order; else it waits its turn. */
export async function applyReceivedDelivery(
  id: number,
  appliers: DeliveryAppliers,
  regenerate: RegeneratePage,
): Promise<DeliveryReport[]> {
  const claim = await claimDelivery(getDb(), id);
  return claim ? applyInOrder(claim, appliers, regenerate) : [];
}

/** Claims and applies up to `limit` due deliveries; returns what happened to each. */
export async function drainInbox(
  appliers: DeliveryAppliers,
  regenerate: RegeneratePage,
  { limit = 20, graceMs = 0 }: { limit?: number; graceMs?: number } = {},
): Promise<DeliveryReport[]> {
  const claims = await claimDueDeliveries(getDb(), limit, graceMs);
  const reports = await Promise.all(claims.map((claim) => applyInOrder(claim, appliers, regenerate)));
  return reports.flat();
}
