/**
 * A page another worker is regenerating is reported as queued, never as failed: under concurrency
 * a save or a manual purge used to list such pages as failures the drainer then finished.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { purgeNow } from './purge-now';
import { claimPaths, finishPurge, queuePages } from './outbox';
import { failedPaths, queuedPaths } from './purge-result';

const PATH = `/products/queued-report-${Date.now().toString(36)}`;

afterAll(async () => {
  await getDb().pagePurge.deleteMany({ where: { path: { startsWith: PATH } } });
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

  it('waits for a page another worker finishes within the request window and reports it ok', async () => {
    const path = `${PATH}-waited`;
    await queuePages(getDb(), [path]);
    const [otherWorker] = await claimPaths(getDb(), [path]);
    const rendered: string[] = [];
    const regenerate = (p: string) => {
      rendered.push(p);
      return Promise.resolve();
    };
    const otherWorkerFinishes = new Promise((resolve) => setTimeout(resolve, 200)).then(() =>
      finishPurge(getDb(), otherWorker!),
    );
    const results = await purgeNow([path], regenerate, { targets: [] });
    await otherWorkerFinishes;
    expect(rendered).toEqual([]);
    expect(results).toEqual([{ path, ok: true, durationMs: 0 }]);
  });
});
