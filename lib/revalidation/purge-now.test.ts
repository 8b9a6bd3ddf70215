/**
 * A page another worker is regenerating is reported as queued, never as failed: under concurrency
 * a save or a manual purge used to list such pages as failures the drainer then finished.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '../db';
import type * as EnvModule from '../env';
import { documentsFollowIn, purgeNow } from './purge-now';
import { claimPaths, failPurge, finishPurge, foldPurgeRequests, queuePages } from './outbox';
import { stopListeningForPurgeEvents, watchSettlements } from './purge-events';
import { failedPaths, queuedPaths } from './purge-result';

// The process's role as getEnv reports it: the suite's own (`all`) unless a test sets another.
const role = vi.hoisted(() => ({ override: undefined as 'web' | 'worker' | undefined }));
vi.mock('../env', async (importOriginal) => {
  const actual = await importOriginal<typeof EnvModule>();
  return {
    ...actual,
    getEnv: () => ({ ...actual.getEnv(), ...(role.override && { PURGE_ROLE: role.override }) }),
  };
});

const PATH = `/products/queued-report-${Date.now().toString(36)}`;

afterAll(async () => {
  await stopListeningForPurgeEvents();
  await getDb().pagePurge.deleteMany({ where: { path: { startsWith: PATH } } });
  await getDb().$disconnect();
});

/** Counts purgeNow's reads of the outbox rows; `read` resolves at the first (the request then waits). */
function watchRowReads() {
  const findMany = getDb().pagePurge.findMany.bind(getDb().pagePurge);
  let firstRead = () => {};
  const read = new Promise<void>((resolve) => (firstRead = resolve));
  const looks = vi.spyOn(getDb().pagePurge, 'findMany').mockImplementation(((...args: Parameters<typeof findMany>) =>
    findMany(...args).then((rows) => {
      firstRead();
      return rows;
    })) as typeof findMany);
  return { looks, read };
}

describe('purgeNow', () => {
  it('reports a page claimed by another worker as queued when its wait ends', async () => {
    await queuePages(getDb(), [PATH]);
    await foldPurgeRequests(getDb(), [PATH]);
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
    await foldPurgeRequests(getDb(), [path]);
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
    expect(results).toEqual([expect.objectContaining({ path, ok: true })]);
  });

  it('looks again only when a claim on its pages is settled, not in a loop against the database', async () => {
    const path = `${PATH}-notified`;
    await queuePages(getDb(), [path, `${path}-other`]);
    await foldPurgeRequests(getDb(), [path, `${path}-other`]);
    const [held] = await claimPaths(getDb(), [path]); // another worker holds it
    const [unrelated] = await claimPaths(getDb(), [`${path}-other`]);
    const looks = vi.spyOn(getDb().pagePurge, 'findMany');
    const waitMs = 3_000;
    const started = Date.now();
    try {
      const waiting = purgeNow([path], () => Promise.resolve(), { waitMs, targets: [] });
      await new Promise((resolve) => setTimeout(resolve, 150));
      await finishPurge(getDb(), unrelated!); // another page settles: no reason to look
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(looks.mock.calls.length).toBe(1);
      await finishPurge(getDb(), held!);
      const [result] = await waiting;
      expect(result).toMatchObject({ path, ok: true });
      // The notice says the claim's generation covers the change: nothing more to read.
      expect(looks.mock.calls.length).toBe(1);
      expect(Date.now() - started).toBeLessThan(waitMs / 2); // woken by the notice, not by the deadline
    } finally {
      looks.mockRestore();
    }
  });

  it('in a web instance, renders nothing and reports what the worker did: done, or failed and retried', async () => {
    const [done, failing] = [`${PATH}-web-done`, `${PATH}-web-failing`];
    await queuePages(getDb(), [done, failing]);
    await foldPurgeRequests(getDb(), [done, failing]);
    const rendered: string[] = [];
    const regenerate = (p: string) => {
      rendered.push(p);
      return Promise.resolve();
    };
    const waiting = purgeNow([done, failing], regenerate, { waitMs: 3_000, targets: [], regeneratesHere: false });
    const worker = async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const claims = await claimPaths(getDb(), [done, failing]);
      expect(claims).toHaveLength(2); // the web request claimed nothing
      await finishPurge(
        getDb(),
        claims.find((c) => c.path === done)!,
      );
      await failPurge(
        getDb(),
        claims.find((c) => c.path === failing)!,
        'render failed: database gone',
      );
    };
    const [results] = await Promise.all([waiting, worker()]);
    expect(rendered).toEqual([]);
    expect(results).toEqual([
      expect.objectContaining({ path: done, ok: true }),
      expect.objectContaining({ path: failing, ok: false }),
    ]);
    expect(results[1]?.ok === false && results[1].error).toMatch(/database gone; retried/);
    expect(failedPaths(results)).toEqual([failing]);
  });

  it('in a web instance, is answered only once the row is DONE after its change: not by an older claim, nor by one a re-render was asked for', async () => {
    const path = `${PATH}-web-covering`;
    await queuePages(getDb(), [path]);
    await foldPurgeRequests(getDb(), [path]);
    const [older] = await claimPaths(getDb(), [path]); // the worker started before this change
    await queuePages(getDb(), [path]); // this change's request, folded by purgeNow
    const { looks, read } = watchRowReads();
    const notices = await watchSettlements([path]);
    let answered = false;
    /** Lets the waiting request see a settlement this test just announced before asserting on it. */
    const afterNotice = async () => {
      await notices.until(Date.now() + 2_000);
      notices.take();
      await new Promise((resolve) => setImmediate(resolve));
    };
    try {
      const waiting = purgeNow([path], () => Promise.resolve(), { waitMs: 5_000, targets: [], regeneratesHere: false });
      void waiting.then(() => (answered = true));
      await read;

      await finishPurge(getDb(), older!); // rendered before the change: the page stays pending
      await afterNotice();
      expect(answered).toBe(false);

      // A claim after the change, whose regeneration Next merged with a render that began before
      // it: the render guard asks for the page again, so this claim answers no one.
      const [merged] = await claimPaths(getDb(), [path]);
      await queuePages(getDb(), [path], 'rerender');
      await foldPurgeRequests(getDb(), [path]);
      await finishPurge(getDb(), merged!);
      await afterNotice();
      expect(answered).toBe(false);
      expect(looks.mock.calls.length).toBe(1); // pending notices need no read

      const [last] = await claimPaths(getDb(), [path]);
      await finishPurge(getDb(), last!); // DONE
      const [result] = await waiting;
      expect(result).toMatchObject({ path, ok: true });
      expect(looks.mock.calls.length).toBe(1);
      expect(await getDb().pagePurge.findUnique({ where: { path } })).toMatchObject({ status: 'DONE' });
    } finally {
      notices.close();
      looks.mockRestore();
    }
  });

  it('renders again when the render guard asks for the page during its regeneration, and answers ok only after that render', async () => {
    const path = `${PATH}-rerendered`;
    await queuePages(getDb(), [path]);
    const rendered: string[] = [];
    const regenerate = async (p: string) => {
      rendered.push(p);
      // Next merged the first regeneration with a render that began before the change: the render
      // guard asks for the page again (a request in the log, not folded yet) before it returns.
      if (rendered.length === 1) await queuePages(getDb(), [p], 'rerender');
    };
    const [result] = await purgeNow([path], regenerate, { waitMs: 3_000, targets: [] });
    expect(result).toMatchObject({ path, ok: true });
    expect(rendered).toEqual([path, path]);
    expect(await getDb().pagePurge.findUnique({ where: { path } })).toMatchObject({ status: 'DONE' });
  });

  it('in a web instance, a wait whose listening connection drops looks at the rows instead, and is answered when the page is done', async () => {
    const path = `${PATH}-web-dropped`;
    await queuePages(getDb(), [path]);
    await foldPurgeRequests(getDb(), [path]);
    const waitMs = 4_000;
    const started = Date.now();
    const { looks, read } = watchRowReads();
    const waiting = purgeNow([path], () => Promise.resolve(), { waitMs, targets: [], regeneratesHere: false });
    await read; // waiting for the worker now
    looks.mockRestore();
    // The listening connection fails (a restart of PostgreSQL, a network cut): its notices are lost.
    const events = (globalThis as unknown as { purgeEvents: { client?: { emit(event: string, error: Error): void } } })
      .purgeEvents;
    events.client?.emit('error', new Error('connection lost'));
    const [claim] = await claimPaths(getDb(), [path]);
    await finishPurge(getDb(), claim!); // announced to nobody
    const [result] = await waiting;
    expect(result).toMatchObject({ path, ok: true });
    expect(Date.now() - started).toBeLessThan(waitMs / 2);
  });

  it('in a web instance, reports pages the worker has not finished as queued when the wait ends', async () => {
    const path = `${PATH}-web-slow`;
    await queuePages(getDb(), [path]);
    await foldPurgeRequests(getDb(), [path]);
    const results = await purgeNow([path], () => Promise.resolve(), {
      waitMs: 100,
      targets: [],
      regeneratesHere: false,
    });
    expect(queuedPaths(results)).toEqual([path]);
    expect(results[0]?.ok === false && results[0].error).toMatch(/worker/);
    expect(await getDb().pagePurge.findUnique({ where: { path } })).toMatchObject({ status: 'PENDING' });
  });

  it('in a web instance, answers once the pages are settled and reports the shared documents as following', async () => {
    const [page, feed] = [`${PATH}-web-page`, `/feeds/purge-now-${Date.now().toString(36)}.xml`];
    await queuePages(getDb(), [page, feed]);
    await foldPurgeRequests(getDb(), [page, feed]);
    const waitMs = 3_000;
    const started = Date.now();
    const waiting = purgeNow([page, feed], () => Promise.resolve(), {
      waitMs,
      targets: [],
      regeneratesHere: false,
      documentsFollow: true,
    });
    const worker = async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const claims = await claimPaths(getDb(), [page, feed]);
      expect(claims).toHaveLength(2); // the web request claimed neither
      await finishPurge(
        getDb(),
        claims.find((c) => c.path === page)!,
      ); // the feed's rebuild is still running
      return claims.find((c) => c.path === feed)!;
    };
    const [results, feedClaim] = await Promise.all([waiting, worker()]);
    try {
      expect(Date.now() - started).toBeLessThan(waitMs / 2); // not held until the deadline by the feed
      expect(results).toEqual([
        expect.objectContaining({ path: page, ok: true }),
        expect.objectContaining({ path: feed, ok: false, queued: true }),
      ]);
      expect(results[1]?.ok === false && results[1].error).toMatch(/shared document/);
      expect(failedPaths(results)).toEqual([]);
    } finally {
      await finishPurge(getDb(), feedClaim);
      await getDb().pagePurge.delete({ where: { path: feed } });
    }
  });

  it('leaves the shared documents to a worker wherever one runs (roles web and worker), not in one process (all)', () => {
    expect((['web', 'worker', 'all'] as const).map(documentsFollowIn)).toEqual([true, true, false]);
  });

  it('on a worker (the back office), renders its pages itself and leaves the shared documents to their pass', async () => {
    const [page, feed] = [`${PATH}-worker-page`, `/feeds/purge-now-worker-${Date.now().toString(36)}.xml`];
    await queuePages(getDb(), [page, feed]);
    const rendered: string[] = [];
    const regenerate = (path: string) => {
      rendered.push(path);
      return Promise.resolve();
    };
    role.override = 'worker'; // what the process is, nothing passed to purgeNow
    const results = await purgeNow([page, feed], regenerate, { waitMs: 3_000, targets: [] }).finally(() => {
      role.override = undefined;
    });
    try {
      expect(rendered).toEqual([page]);
      expect(results).toEqual([
        expect.objectContaining({ path: page, ok: true }),
        expect.objectContaining({ path: feed, ok: false, queued: true }),
      ]);
      expect(results[1]?.ok === false && results[1].error).toMatch(/shared document/);
      expect(
        await getDb().pagePurge.findUnique({ where: { path: feed } }),
        'the feed is left for its pass',
      ).toMatchObject({
        status: 'PENDING',
      });
    } finally {
      await getDb().pagePurge.deleteMany({ where: { path: { in: [page, feed] } } });
    }
  });

  it("claims a large change's pages in batches, so the last ones are not leased long before they render", async () => {
    const pages = Array.from({ length: 250 }, (_, i) => `${PATH}-bulk-${i}`);
    await queuePages(getDb(), pages);
    await foldPurgeRequests(getDb(), pages);
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
