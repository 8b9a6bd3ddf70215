/**
 * A page another worker is regenerating is reported as queued, never as failed: under concurrency
 * a save or a manual purge used to list such pages as failures the drainer then finished.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { purgeNow } from './drain';
import { claimPaths, queuePages } from './outbox';
import { failedPaths, queuedPaths } from './regenerate';

const PATH = `/products/queued-report-${Date.now().toString(36)}`;

afterAll(async () => {
  await getDb().pagePurge.deleteMany({ where: { path: PATH } });
  await getDb().$disconnect();
});

describe('purgeNow', () => {
  it('reports a page claimed by another worker as queued when its wait ends', async () => {
    await queuePages(getDb(), [PATH]);
    const otherWorker = await claimPaths(getDb(), [PATH]);
    expect(otherWorker).toHaveLength(1);

    const rendered: string[] = [];
    const regenerate = (path: string) => {
      rendered.push(path);
      return Promise.resolve();
    };
    const results = await purgeNow([PATH], regenerate, { waitMs: 60, targets: [] });

    expect(rendered).toEqual([]); // the other worker's claim is respected
    expect(results).toEqual([expect.objectContaining({ path: PATH, ok: false, queued: true })]);
    expect(failedPaths(results)).toEqual([]);
    expect(queuedPaths(results)).toEqual([PATH]);
  });
});
