import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { queuePurges } from './outbox';
import { loadFresh } from './render-guard';

const PREFIX = `/products/guard-${Date.now().toString(36)}`;
const generation = async (path: string) =>
  (await getDb().pagePurge.findUnique({ where: { path } }))?.generation ?? null;

afterAll(async () => {
  await getDb().pagePurge.deleteMany({ where: { path: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

describe('loadFresh', () => {
  it('queues the page again when a change was queued while its data was being read', async () => {
    const path = `${PREFIX}-a`;
    await queuePurges(getDb(), [path]);
    const claimed = await generation(path);
    const data = await loadFresh(path, async () => {
      await queuePurges(getDb(), [path]); // a change commits mid-render
      return 'old data';
    });
    expect(data).toBe('old data');
    // Past the change's own bump: a purge holding the change's generation cannot finish as done.
    expect(await generation(path)).toBe((claimed ?? 0) + 2);
    expect((await getDb().pagePurge.findUniqueOrThrow({ where: { path } })).status).toBe('PENDING');
  });

  it('leaves the queue alone when nothing changed during the render', async () => {
    const path = `${PREFIX}-b`;
    await queuePurges(getDb(), [path]);
    const before = await generation(path);
    await loadFresh(path, () => Promise.resolve('data'));
    expect(await generation(path)).toBe(before);
  });

  it('treats a page first queued during the render as changed', async () => {
    const path = `${PREFIX}-c`;
    await loadFresh(path, async () => queuePurges(getDb(), [path]));
    expect(await generation(path)).toBe(2);
  });
});
