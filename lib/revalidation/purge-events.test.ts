/**
 * A worker hears of queued purges when their change commits: not before (it would find nothing
 * to claim yet), and not for a change rolled back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { queuePages } from './outbox';
import {
  formatSettlement,
  listenForPurgeEvents,
  onPurgesDue,
  parseSettlement,
  stopListeningForPurgeEvents,
} from './purge-events';

const PATH = `/products/purge-events-${Date.now().toString(36)}`;

afterAll(async () => {
  await stopListeningForPurgeEvents();
  await getDb().pagePurge.deleteMany({ where: { path: { startsWith: PATH } } });
  await getDb().$disconnect();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('purge events', () => {
  it('wakes a listening worker at the commit of the change that queued pages, never before, never on rollback', async () => {
    expect(await listenForPurgeEvents()).toBe(true);
    let heard = 0;
    const stop = onPurgesDue(() => heard++);
    try {
      await getDb().$transaction(async (tx) => {
        await queuePages(tx, [`${PATH}-committed`]);
        await pause(150);
        expect(heard).toBe(0); // still uncommitted: nothing to claim yet
      });
      await expect.poll(() => heard, { timeout: 2_000 }).toBe(1);

      await getDb()
        .$transaction(async (tx) => {
          await queuePages(tx, [`${PATH}-rolled-back`]);
          throw new Error('roll back');
        })
        .catch(() => undefined);
      await pause(200);
      expect(heard).toBe(1);
      expect(await getDb().pagePurge.count({ where: { path: `${PATH}-rolled-back` } })).toBe(0);
    } finally {
      stop();
    }
  });

  it('reads a settlement back as sent, and anything else (an older release sends the bare path) as "look at the row"', () => {
    const settlement = { path: '/products/a "quoted" slug', generation: 41, outcome: 'done' as const };
    expect(parseSettlement(formatSettlement(settlement))).toEqual(settlement);
    expect(parseSettlement('/products/plain')).toEqual({ path: '/products/plain', generation: 0, outcome: 'retrying' });
    expect(parseSettlement('{"path":"/x","generation":"41","outcome":"done"}')).toMatchObject({ outcome: 'retrying' });
    expect(parseSettlement('{"path":"/x","generation":41,"outcome":"fine"}')).toMatchObject({ outcome: 'retrying' });
  });
});
