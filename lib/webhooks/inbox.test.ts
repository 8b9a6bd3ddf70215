/**
 * The inbox's own rules, against PostgreSQL: deliveries of one object in order, a lease that
 * expired never lets a delivery apply twice, failures back off and end FAILED for an operator.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { QUEUE_POLICY } from '../queue-policy';
import { inTransaction } from '../transaction';
import {
  claimDelivery,
  claimDueDeliveries,
  claimNextOfObject,
  failDelivery,
  finishDelivery,
  pruneInbox,
  recordDelivery,
  retryDeliveryNow,
  type DeliveryClaim,
} from './inbox';

const OBJECT = `obj-${randomUUID()}`;
const db = getDb();

function record(objectId: string, orderedAt: string) {
  return recordDelivery(db, {
    provider: 'STRIPE',
    deliveryId: `evt_${randomUUID()}`,
    eventId: null,
    topic: 'price.updated',
    objectId,
    orderedAt: new Date(orderedAt),
    payload: '{}',
  });
}

async function recorded(objectId: string, orderedAt: string): Promise<number> {
  const id = await record(objectId, orderedAt);
  if (id === null) throw new Error('not recorded');
  return id;
}

const claimed = async (id: number): Promise<DeliveryClaim> => {
  const claim = await claimDelivery(db, id);
  if (!claim) throw new Error(`delivery ${id} was not claimable`);
  return claim;
};

const applied = (claim: DeliveryClaim) =>
  inTransaction((tx) => finishDelivery(tx, claim, { status: 'APPLIED', detail: 'test', paths: [] }));

afterAll(async () => {
  await db.webhookDelivery.deleteMany({ where: { objectId: { startsWith: 'obj-' } } });
  await db.$disconnect();
});

describe('order within one object', () => {
  it('holds a later delivery while an earlier one is due or being applied, then hands it over next', async () => {
    const object = `${OBJECT}-a`;
    const later = await recorded(object, '2026-12-01T10:00:02Z');
    const earlier = await recorded(object, '2026-12-01T10:00:01Z'); // arrived second, happened first

    expect(await claimDelivery(db, later)).toBeNull(); // the earlier one is due
    const first = await claimed(earlier);
    expect(await claimDelivery(db, later)).toBeNull(); // ... and now being applied

    await applied(first);
    const next = await claimNextOfObject(db, first);
    expect(next?.id).toBe(later);
  });

  it('does not let an earlier delivery that is backing off after a failure hold up the later ones', async () => {
    const object = `${OBJECT}-b`;
    const earlier = await recorded(object, '2026-12-01T11:00:01Z');
    const later = await recorded(object, '2026-12-01T11:00:02Z');
    await failDelivery(db, await claimed(earlier), 'database went away', () => 1);
    expect((await claimDelivery(db, later))?.id).toBe(later);
  });

  it('leaves a fresh delivery to the request that recorded it for the grace period', async () => {
    // The oldest object time of all, so a drain of one takes it first (other test files record too).
    const id = await recorded(`${OBJECT}-c`, '2000-01-01T00:00:00Z');
    expect((await claimDueDeliveries(db, 1, 60_000)).map((c) => c.id)).not.toContain(id);
    expect((await claimDueDeliveries(db, 1, 0)).map((c) => c.id)).toEqual([id]);
  });
});

describe('leases', () => {
  it('rolls back the whole application when the lease ran out and another worker took the delivery', async () => {
    const id = await recorded(`${OBJECT}-d`, '2026-12-01T13:00:00Z');
    const stale = await claimed(id);
    await db.$executeRaw`UPDATE "WebhookDelivery" SET "claimedUntil" = now() - interval '1 second' WHERE id = ${id}`;
    const current = await claimed(id); // another worker, after the lease ended

    const slug = `inbox-lease-${randomUUID()}`;
    const attempt = inTransaction(async (tx) => {
      await tx.category.create({ data: { slug, name: 'Written by the stale worker' } });
      await finishDelivery(tx, stale, { status: 'APPLIED', detail: 'stale', paths: [] });
    });
    await expect(attempt).rejects.toThrow(/claim expired/);
    expect(await db.category.count({ where: { slug } })).toBe(0);

    await applied(current);
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id } })).detail).toBe('test');
  });
});

describe('failures', () => {
  it('backs off after each failure and marks the delivery FAILED after the last attempt, for Retry now', async () => {
    const id = await recorded(`${OBJECT}-e`, '2026-12-01T14:00:00Z');
    await failDelivery(db, await claimed(id), 'first failure', () => 1);
    let row = await db.webhookDelivery.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'first failure', claimedUntil: null });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(await claimDelivery(db, id)).not.toBeNull(); // a request may still claim it by id

    await db.webhookDelivery.update({
      where: { id },
      data: { attempts: QUEUE_POLICY.maxDeliveryAttempts - 1, claimedUntil: null },
    });
    await failDelivery(db, await claimed(id), 'still failing', () => 1);
    row = await db.webhookDelivery.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'FAILED', attempts: QUEUE_POLICY.maxDeliveryAttempts });
    expect(await claimDelivery(db, id)).toBeNull();

    expect(await retryDeliveryNow(db, id)).toBe(true);
    expect((await claimed(id)).id).toBe(id);
  });
});

describe('pruneInbox', () => {
  it('drops bodies settled a week ago and rows past the redelivery window, never pending ones', async () => {
    const [week, month, pending] = [
      await recorded(`${OBJECT}-f`, '2026-10-01T00:00:00Z'),
      await recorded(`${OBJECT}-g`, '2026-10-01T00:00:00Z'),
      await recorded(`${OBJECT}-h`, '2026-10-01T00:00:00Z'),
    ];
    await db.$executeRaw`UPDATE "WebhookDelivery" SET status = 'APPLIED', payload = '{"kept": false}',
      "receivedAt" = now() - interval '8 days' WHERE id = ${week}`;
    await db.$executeRaw`UPDATE "WebhookDelivery" SET status = 'IGNORED',
      "receivedAt" = now() - interval '36 days' WHERE id = ${month}`;
    await db.$executeRaw`UPDATE "WebhookDelivery" SET "receivedAt" = now() - interval '90 days' WHERE id = ${pending}`;

    await pruneInbox(db);
    expect(await db.webhookDelivery.findUnique({ where: { id: week } })).toMatchObject({
      payload: '',
      status: 'APPLIED',
    });
    expect(await db.webhookDelivery.findUnique({ where: { id: month } })).toBeNull();
    expect(await db.webhookDelivery.findUnique({ where: { id: pending } })).toMatchObject({ payload: '{}' });
  });
});
