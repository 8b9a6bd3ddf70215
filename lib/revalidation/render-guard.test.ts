import { afterAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '../db';
import { recordEdgePurgesOwed, claimPaths, finishPurge, foldPurgeRequests, queuePages } from './outbox';
import { loadFresh, withClaimedGenerations } from './render-guard';

const PREFIX = `/products/guard-${Date.now().toString(36)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The page queued for a change, and the request folded into its outbox row (PENDING). */
const queueAndFold = async (path: string) => {
  await queuePages(getDb(), [path]);
  await foldPurgeRequests(getDb(), [path]);
};
/** The page's outbox row once every request for it is folded in (as a worker's drain would). */
const foldedRow = async (path: string) => {
  await foldPurgeRequests(getDb(), [path]);
  return getDb().pagePurge.findUniqueOrThrow({ where: { path } });
};
const foldedGeneration = async (path: string) => (await foldedRow(path)).generation;
/** A change to the page commits and its purge finishes (on another instance, say); returns the generation it left DONE. */
const changeAndPurge = async (path: string) => {
  await queueAndFold(path);
  const [claim] = await claimPaths(getDb(), [path]);
  expect(await finishPurge(getDb(), claim!)).toBe(true);
  return foldedGeneration(path);
};

afterAll(async () => {
  await getDb().purgeRequest.deleteMany({ where: { path: { startsWith: PREFIX } } });
  await getDb().pagePurge.deleteMany({ where: { path: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

describe('loadFresh', () => {
  it('queues the page again when a change was queued while its data was being read', async () => {
    const path = `${PREFIX}-a`;
    await queueAndFold(path);
    const claimed = await foldedGeneration(path);
    const data = await loadFresh(path, async () => {
      await queuePages(getDb(), [path]); // a change commits mid-render
      return 'old data';
    });
    expect(data).toBe('old data');
    // Past the change's own bump: a purge holding the change's generation cannot finish as done.
    expect(await foldedGeneration(path)).toBe(claimed + 2);
    expect((await foldedRow(path)).status).toBe('PENDING');
  });

  it('leaves the queue alone when nothing changed during the render', async () => {
    const path = `${PREFIX}-b`;
    await queueAndFold(path);
    const before = await foldedGeneration(path);
    await loadFresh(path, () => Promise.resolve('data'));
    expect(await foldedGeneration(path)).toBe(before);
  });

  it('queues the page again when a newer change was purged before this render could be cached', async () => {
    const path = `${PREFIX}-d`;
    await queueAndFold(path);
    await loadFresh(path, () => Promise.resolve('data read before the change'), 100);
    // The change commits right after the data was read; its purge finishes (on another instance,
    // say) before this render's page is written to the shared cache.
    const purged = await changeAndPurge(path);
    await sleep(400);
    expect(await foldedRow(path)).toMatchObject({
      status: 'PENDING',
      generation: purged + 1,
    });
  });

  it('does the same when the newer change waits only for an edge target (never rendered again)', async () => {
    const path = `${PREFIX}-f`;
    await queueAndFold(path);
    await loadFresh(path, () => Promise.resolve('data read before the change'), 100);
    await queueAndFold(path);
    const [claim] = await claimPaths(getDb(), [path]);
    await recordEdgePurgesOwed(getDb(), claim!, new Date(Date.now() + 60_000), ['varnish: down']);
    const regenerated = await foldedGeneration(path);
    await sleep(400);
    const outbox = await foldedRow(path);
    expect(outbox.generation).toBe(regenerated + 1);
    expect(outbox.regeneratedGeneration, 'Next renders it again').not.toBe(outbox.generation);
  });

  it('leaves a done page alone when nothing changed after its render', async () => {
    const path = `${PREFIX}-e`;
    await queueAndFold(path);
    const [claim] = await claimPaths(getDb(), [path]);
    await loadFresh(path, () => Promise.resolve('current data'), 100);
    expect(await finishPurge(getDb(), claim!)).toBe(true);
    await sleep(400);
    expect(await foldedRow(path)).toMatchObject({ status: 'DONE' });
  });

  it("does not queue a page again for another render's re-queue: no endless re-renders", async () => {
    const path = `${PREFIX}-g`;
    await queueAndFold(path);
    await loadFresh(path, () => Promise.resolve('current data'), 100);
    // Another render's look asked for the page again (no data changed), and that render is done.
    await queuePages(getDb(), [path], 'rerender');
    await foldPurgeRequests(getDb(), [path]);
    const [claim] = await claimPaths(getDb(), [path]);
    expect(await finishPurge(getDb(), claim!)).toBe(true);
    const rendered = await foldedGeneration(path);
    await sleep(400);
    expect(await foldedRow(path)).toMatchObject({
      status: 'DONE',
      generation: rendered,
    });
  });

  it('reads a request still in the log as a change, and a fold during the render as none', async () => {
    const path = `${PREFIX}-h`;
    await queueAndFold(path);
    await queuePages(getDb(), [path]); // a change, not folded yet when the render starts
    const logged = await getDb().purgeRequest.count({ where: { path } });
    await loadFresh(path, () => foldPurgeRequests(getDb(), [path]), 60_000);
    expect(logged).toBe(1);
    expect(await getDb().purgeRequest.count({ where: { path } }), 'no re-queue: nothing changed').toBe(0);
    expect(await foldedGeneration(path)).toBe(2);
  });

  it('treats a page first queued during the render as changed', async () => {
    const path = `${PREFIX}-c`;
    await loadFresh(path, async () => queuePages(getDb(), [path]));
    expect(await foldedGeneration(path)).toBe(2);
  });
});

describe('the looks after the renders', () => {
  it('takes a look due sooner than one already waiting on time', async () => {
    const slow = `${PREFIX}-i`;
    const path = `${PREFIX}-j`;
    await loadFresh(slow, () => Promise.resolve('a page whose look is a minute away'), 60_000);
    await queueAndFold(path);
    await loadFresh(path, () => Promise.resolve('data read before the change'), 100);
    const purged = await changeAndPurge(path);
    await sleep(400);
    expect(await foldedRow(path)).toMatchObject({ status: 'PENDING', generation: purged + 1 });
  });

  it('never takes a look sooner than its render asked, though others are taken together before it', async () => {
    const soon = `${PREFIX}-m`;
    const path = `${PREFIX}-n`;
    await queueAndFold(path);
    await loadFresh(soon, () => Promise.resolve('a page looked at after 100 ms'), 100);
    await loadFresh(path, () => Promise.resolve('data read before the change'), 1_000);
    // After the first look: the change commits and its purge finishes before this render's page lands.
    await sleep(300);
    const purged = await changeAndPurge(path);
    await sleep(1_100);
    // Looked at with the first, at 100 ms, it would have seen nothing yet, and never again.
    expect(await foldedRow(path)).toMatchObject({ status: 'PENDING', generation: purged + 1 });
  });

  it('reads the outbox for the looks of many renders together, not once a render', async () => {
    const paths = Array.from({ length: 10 }, (_, n) => `${PREFIX}-o${n}`);
    const reads = vi.spyOn(getDb().pagePurge, 'findMany');
    try {
      await Promise.all(paths.map((path) => loadFresh(path, () => Promise.resolve('data'), 150)));
      await sleep(800);
      const looks = reads.mock.calls.filter(([query]) => paths.some((path) => JSON.stringify(query).includes(path)));
      // The first look is taken when due, with any due by then; the others at most every 100 ms,
      // together (one a render would be ten; the renders end within a few hundred ms of each other).
      expect(looks.length).toBeGreaterThanOrEqual(1);
      expect(looks.length).toBeLessThanOrEqual(4);
    } finally {
      reads.mockRestore();
    }
  });
});

describe('withClaimedGenerations', () => {
  it("takes a claimed page's generation from its claim instead of reading it before the render", async () => {
    const path = `${PREFIX}-k`;
    await queueAndFold(path);
    const [claim] = await claimPaths(getDb(), [path]);
    const generation = claim!.generation;
    // With the claim's own generation, a render during which nothing changed queues nothing.
    const render = async (page: string) => {
      await loadFresh(page, () => Promise.resolve('data'), 60_000);
    };
    await withClaimedGenerations([claim!], render)(path);
    expect(await getDb().purgeRequest.count({ where: { path } })).toBe(0);
    // A claim taken before a change that is not folded yet: the render cannot tell whether its
    // data saw the change, so it queues the page again (reading the generation itself, it would not).
    await queuePages(getDb(), [path]);
    await withClaimedGenerations([{ path, generation }], render)(path);
    expect(await getDb().purgeRequest.count({ where: { path } })).toBe(2);
  });

  it("forgets a page's claim once its render is over, failed or not", async () => {
    const path = `${PREFIX}-l`;
    await queueAndFold(path);
    const stale = { path, generation: (await foldedGeneration(path)) - 1 };
    const failing = withClaimedGenerations([stale], () => Promise.reject(new Error('render failed')));
    await expect(failing(path)).rejects.toThrow();
    await loadFresh(path, () => Promise.resolve('data'), 60_000);
    expect(await getDb().purgeRequest.count({ where: { path } }), 'read its generation itself: nothing changed').toBe(
      0,
    );
  });
});

describe('withClaimedGenerations, reading the claimed pages together', () => {
  /** A page's render as Next runs it: its data through loadFresh, with its own read as the fallback. */
  const renderWith =
    (ownRead: (path: string) => Promise<string>, rendered: Map<string, string>) => async (path: string) => {
      rendered.set(path, await loadFresh(path, () => ownRead(path), 60_000));
    };
  const claimAll = async (paths: string[]) => {
    for (const path of paths) await queueAndFold(path);
    return claimPaths(getDb(), paths);
  };

  it('reads every claimed page in one call, and each render takes its own data from it instead of reading', async () => {
    const paths = [`${PREFIX}-ra1`, `${PREFIX}-ra2`, `${PREFIX}-ra3`];
    const claims = await claimAll(paths);
    const together = vi.fn((asked: readonly string[]) =>
      Promise.resolve(new Map(asked.map((path) => [path, `read together ${path}`]))),
    );
    const ownRead = vi.fn((path: string) => Promise.resolve(`read alone ${path}`));
    const rendered = new Map<string, string>();
    const regenerate = withClaimedGenerations(claims, renderWith(ownRead, rendered), together);
    await Promise.all(paths.map((path) => regenerate(path)));
    expect(together).toHaveBeenCalledTimes(1);
    expect([...together.mock.calls[0]![0]].sort()).toEqual([...paths].sort());
    expect(ownRead).not.toHaveBeenCalled();
    for (const path of paths) expect(rendered.get(path)).toBe(`read together ${path}`);
    for (const path of paths) expect(await getDb().purgeRequest.count({ where: { path } }), 'nothing changed').toBe(0);
  });

  it('queues a page again when a change was queued while the claimed pages were being read together', async () => {
    const path = `${PREFIX}-rb`;
    const claims = await claimAll([path]);
    const together = async (asked: readonly string[]) => {
      await sleep(20); // the data is read...
      await queuePages(getDb(), [path]); // ...and a change commits before the read is over
      return new Map(asked.map((page) => [page, 'old data']));
    };
    const rendered = new Map<string, string>();
    await withClaimedGenerations(
      claims,
      renderWith(() => Promise.resolve('new data'), rendered),
      together,
    )(path);
    expect(rendered.get(path)).toBe('old data');
    // The change's request and the re-render's: a claim holding the change's generation cannot finish DONE.
    expect(await getDb().purgeRequest.count({ where: { path } })).toBe(2);
  });

  it('lets a page it cannot read together, and a render after the claimed one, read their own', async () => {
    const [mine, other] = [`${PREFIX}-rc1`, `${PREFIX}-rc2`];
    const claims = await claimAll([mine, other]);
    const together = () => Promise.resolve(new Map([[mine, 'read together']]));
    const rendered = new Map<string, string>();
    const ownRead = (path: string) => Promise.resolve(`read alone ${path}`);
    // The claimed render is merged into one already running (Next does that): it never loads.
    await withClaimedGenerations(claims, () => Promise.resolve(), together)(mine);
    await renderWith(ownRead, rendered)(mine);
    expect(rendered.get(mine), 'a later render does not take data read for an earlier claim').toBe(
      `read alone ${mine}`,
    );
    await withClaimedGenerations(claims, renderWith(ownRead, rendered), together)(other);
    expect(rendered.get(other)).toBe(`read alone ${other}`);
  });

  it('hands the data read ahead to one render only: a second render during the claim reads its own', async () => {
    const path = `${PREFIX}-re`;
    const claims = await claimAll([path]);
    const together = (asked: readonly string[]) =>
      Promise.resolve(new Map(asked.map((page) => [page, 'read together'])));
    const seen: string[] = [];
    const twoRenders = async (page: string) => {
      seen.push(await loadFresh(page, () => Promise.resolve('first read alone'), 60_000));
      seen.push(await loadFresh(page, () => Promise.resolve('second read alone'), 60_000));
    };
    await withClaimedGenerations(claims, twoRenders, together)(path);
    expect(seen).toEqual(['read together', 'second read alone']);
  });

  it('falls back to each render reading its own when the read together fails', async () => {
    const path = `${PREFIX}-rd`;
    const claims = await claimAll([path]);
    const rendered = new Map<string, string>();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const failing = () => Promise.reject(new Error('connection lost'));
      await withClaimedGenerations(
        claims,
        renderWith(() => Promise.resolve('read alone'), rendered),
        failing,
      )(path);
    } finally {
      errors.mockRestore();
    }
    expect(rendered.get(path)).toBe('read alone');
  });
});
