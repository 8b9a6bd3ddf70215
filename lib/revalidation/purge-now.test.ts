/**
 * A page another worker is regenerating is reported as queued, never as failed: under concurrency
 * a save or a manual purge used to list such pages as failures the drainer then finished.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
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

  it('looks again every waitPollMs while it waits, not in a busy loop against the database', async () => {
    const path = `${PATH}-polled`;
    await queuePages(getDb(), [path]);
    await claimPaths(getDb(), [path]); // another worker holds it for the whole wait
    const looks = vi.spyOn(getDb().pagePurge, 'findMany');
    const waitMs = 300;
    try {
      const [result] = await purgeNow([path], () => Promise.resolve(), { waitMs, targets: [] });
      expect(result).toMatchObject({ path, queued: true });
      expect(looks.mock.calls.length).toBeGreaterThanOrEqual(2);
      // About one look per waitPollMs (25 ms): 12 here; a busy loop makes dozens.
      expect(looks.mock.calls.length).toBeLessThanOrEqual(waitMs / 20 + 1);
    } finally {
      looks.mockRestore();
    }
  });

  it("claims a large change's pages in batches, so the last ones are not leased long before they render", async () => {
    const pages = Array.from({ length: 250 }, (_, i) => `${PATH}-bulk-${i}`);
    await queuePages(getDb(), pages);
    let mostLeased = 0;
    const regenerate = async () => {
      const leased = await getDb().pagePurge.count({
        where: { path: { startsWith: `${PATH}-bulk-` }, claimedUntil: { gt: new Date() } },
      });
      mostLeased = Math.max(mostLeased, leased);
    };
    const results = await purgeNow(pages, regenerate, { targets: [] });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(mostLeased).toBeGreaterThan(0);
    expect(mostLeased).toBeLessThanOrEqual(100);
  });
});
