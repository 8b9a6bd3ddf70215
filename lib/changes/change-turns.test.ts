import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { QUEUE_POLICY } from '../queue-policy';
import { commitCatalogChange } from './commit-catalog-change';

afterAll(async () => {
  await getDb().$disconnect();
});

describe('change turns', () => {
  it('runs at most the set number of change transactions at once in a process; the rest wait in line and all commit', async () => {
    let running = 0;
    let most = 0;
    const author = { source: 'ADMIN' as const, actor: 'turns@shop.test' };
    const changes = Array.from({ length: 10 }, (_, i) =>
      commitCatalogChange(author, async (scope) => {
        running += 1;
        most = Math.max(most, running);
        await scope.tx.$executeRaw`SELECT pg_sleep(0.05)`;
        running -= 1;
        return i;
      }),
    );
    const done = await Promise.all(changes);
    expect(done.map((change) => change.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(QUEUE_POLICY.changeTurnsPerProcess);
  });
});
