import { afterAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { PageNotInSharedCache } from '../isr-cache/shared-page-cache';
import { withOwnDatabase } from '../../testing/own-database';
import { drainOutbox } from './drain';
import { purgeNow } from './purge-now';
import type { EdgeTarget } from './edge/edge-target';
import { QUEUE_POLICY, retryDelayMs } from '../queue-policy';
import {
  claimDue,
  claimPaths,
  failPurge,
  finishPurge,
  finishPurges,
  foldPurgeRequests,
  pendingGeneration,
  pendingGenerations,
  queuePages,
} from './outbox';
import { onPurgesDue, stopListeningForPurgeEvents, watchSettlements, type Settlement } from './purge-events';
import { listQueue, queueState } from './queue-state';
import { FEED_PATH, feedPiecePath, productPath, SITEMAP_PATH } from '../storefront/paths';
import { loadFresh } from './render-guard';

// claimDue takes any due row: other test files' purges must not be in this database.
withOwnDatabase();

afterAll(async () => {
  await stopListeningForPurgeEvents();
  await getDb().$disconnect();
});

const rowOf = (path: string) => getDb().pagePurge.findUniqueOrThrow({ where: { path } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the purge outbox', () => {
  it('marks a page done only if no change asked for it again while it was regenerating', async () => {
    await queuePages(getDb(), ['/products/a']);
    await foldPurgeRequests(getDb(), ['/products/a']);
    const [claim] = await claimPaths(getDb(), ['/products/a']);
    expect(claim).toBeDefined();
    expect(await claimPaths(getDb(), ['/products/a'])).toEqual([]); // leased to the first worker
    await queuePages(getDb(), ['/products/a']); // a change commits during the regeneration
    await foldPurgeRequests(getDb(), ['/products/a']);
    expect(await finishPurge(getDb(), claim!)).toBe(false);
    expect(await rowOf('/products/a')).toMatchObject({ status: 'PENDING', claimedUntil: null });
    const [again] = await claimPaths(getDb(), ['/products/a']);
    expect(await finishPurge(getDb(), again!)).toBe(true);
    expect(await rowOf('/products/a')).toMatchObject({ status: 'DONE', attempts: 0 });
  });

  it("finishes many claims at once as it finishes each: done, changed meanwhile, asked for again, another worker's", async () => {
    const paths = ['/products/many-done', '/products/many-changed', '/products/many-asked', '/products/many-taken'];
    await queuePages(getDb(), paths);
    await foldPurgeRequests(getDb(), paths);
    const claims = await claimPaths(getDb(), paths);
    expect(claims).toHaveLength(4);
    await queuePages(getDb(), ['/products/many-changed']); // a change committed and folded meanwhile
    await foldPurgeRequests(getDb(), ['/products/many-changed']);
    await queuePages(getDb(), ['/products/many-asked'], 'rerender'); // still in the log
    // The last one's lease ran out and another worker claimed it: that lease is not ours to release.
    await getDb().$executeRaw`
      UPDATE "PagePurge" SET "claimedUntil" = now() - interval '1 second', generation = generation + 1
      WHERE path = '/products/many-taken'`;
    const [taken] = await claimPaths(getDb(), ['/products/many-taken']);
    const watch = await watchSettlements(paths);
    let woken = 0;
    const stopHearing = onPurgesDue(() => woken++);
    try {
      const before = Date.now();
      expect([...(await finishPurges(getDb(), claims))]).toEqual(['/products/many-done']);
      expect(await rowOf('/products/many-done')).toMatchObject({ status: 'DONE', claimedUntil: null });
      for (const path of ['/products/many-changed', '/products/many-asked']) {
        const row = await rowOf(path);
        expect(row).toMatchObject({ status: 'PENDING', claimedUntil: null });
        expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now()); // due again at once
        expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
      }
      // Released rows are due now: the workers hear it rather than wait for a timer.
      await expect.poll(() => woken, { timeout: 2_000 }).toBeGreaterThan(0);
      expect(await rowOf('/products/many-taken')).toMatchObject({
        status: 'PENDING',
        claimedUntil: taken!.claimedUntil,
      });
      // One notice per claim, each with its own outcome, for the requests waiting on them.
      const heard: Settlement[] = [];
      await expect.poll(() => heard.push(...watch.take()), { timeout: 2_000 }).toBe(4);
      expect(heard.sort((a, b) => a.path.localeCompare(b.path))).toEqual(
        claims
          .map((claim) => ({
            path: claim.path,
            generation: claim.generation,
            outcome: claim.path === '/products/many-done' ? 'done' : 'pending',
          }))
          .sort((a, b) => a.path.localeCompare(b.path)),
      );
    } finally {
      stopHearing();
      watch.close();
      // The later tests count the queue: this one's rows must not be in it.
      await getDb().purgeRequest.deleteMany({ where: { path: { in: paths } } });
      await getDb().pagePurge.deleteMany({ where: { path: { in: paths } } });
    }
  });

  it('lets concurrent changes queue the same pages without waiting for each other to commit', async () => {
    const shared = ['/feeds/google.xml', '/sitemap.xml', '/products/concurrent'];
    let releaseFirst = () => {};
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstQueued = () => {};
    const queuedByFirst = new Promise<void>((resolve) => (firstQueued = resolve));
    // The first change queued the pages and is still working (or waiting to commit).
    const first = getDb().$transaction(
      async (tx) => {
        await queuePages(tx, shared);
        firstQueued();
        await firstHolds;
      },
      { timeout: 20_000 },
    );
    await queuedByFirst;
    // The second must commit now: a lock on a row the first also needs would make it wait.
    await getDb().$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL lock_timeout = '1s'`;
      await queuePages(tx, shared);
    });
    releaseFirst();
    await first;
    expect(await foldPurgeRequests(getDb(), shared)).toBe(6);
    expect((await rowOf('/sitemap.xml')).generation).toBe(2); // one per change
  });

  it('folds each request exactly once when folds of every kind run at the same time', async () => {
    const [x, y] = ['/products/fold-x', '/products/fold-y'];
    await queuePages(getDb(), [x]); // an earlier change, folded and being regenerated
    await foldPurgeRequests(getDb(), [x]);
    const [claim] = await claimPaths(getDb(), [x]);
    // Then 40 changes, each its own transaction, each asking for both pages.
    await Promise.all(Array.from({ length: 40 }, () => queuePages(getDb(), [x, y])));
    const folded = await Promise.all([
      foldPurgeRequests(getDb()), // a worker's drain (skips what another fold holds)
      foldPurgeRequests(getDb(), [x]), // a save's own paths (waits for what another fold holds)
      foldPurgeRequests(getDb(), [x, y]),
      foldPurgeRequests(getDb()),
      finishPurge(getDb(), claim!),
    ]);
    const counts = folded.slice(0, 4) as number[];
    expect(
      counts.reduce((sum, n) => sum + n, 0),
      'every request folded once',
    ).toBe(80);
    expect(await getDb().purgeRequest.count({ where: { path: { in: [x, y] } } })).toBe(0);
    expect(await rowOf(x)).toMatchObject({ generation: 41, status: 'PENDING' }); // the claim cannot finish it
    expect(await rowOf(y)).toMatchObject({ generation: 40, status: 'PENDING' });
  });

  it('never loses a request folded after the claim that rendered the page finished', async () => {
    const path = '/products/late-fold';
    await queuePages(getDb(), [path]);
    await foldPurgeRequests(getDb(), [path]);
    const [claim] = await claimPaths(getDb(), [path]);
    await queuePages(getDb(), [path]); // a change commits during the render, still in the log
    const pending = async () => (await listQueue(getDb())).pending.map((row) => row.path);
    // Not done: the request still in the log may be a re-render the render guard asked for.
    expect(await finishPurge(getDb(), claim!)).toBe(false);
    expect(await pending()).toContain(path);
    await foldPurgeRequests(getDb());
    expect(await rowOf(path)).toMatchObject({ status: 'PENDING', generation: 2 });
    const [again] = await claimPaths(getDb(), [path]);
    expect(await finishPurge(getDb(), again!)).toBe(true);
    expect(await pending()).not.toContain(path);
  });

  it("moves a page's changedAt (the sitemap's lastmod) with each change, not with a re-render", async () => {
    await queuePages(getDb(), ['/products/lastmod']);
    await foldPurgeRequests(getDb(), ['/products/lastmod']);
    const first = (await rowOf('/products/lastmod')).changedAt;
    await sleep(5);
    await queuePages(getDb(), ['/products/lastmod'], 'rerender');
    await foldPurgeRequests(getDb(), ['/products/lastmod']);
    expect((await rowOf('/products/lastmod')).changedAt).toEqual(first);
    await queuePages(getDb(), ['/products/lastmod']);
    await foldPurgeRequests(getDb(), ['/products/lastmod']);
    expect((await rowOf('/products/lastmod')).changedAt.getTime()).toBeGreaterThan(first.getTime());
  });

  it('keeps a failed page pending with its error and backs off before the next attempt', async () => {
    await queuePages(getDb(), ['/products/b']);
    await foldPurgeRequests(getDb(), ['/products/b']);
    const [claim] = await claimPaths(getDb(), ['/products/b']);
    await failPurge(getDb(), claim!, 'Invalid response 500', { random: () => 1 });
    const row = await rowOf('/products/b');
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'Invalid response 500' });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 500);
    expect((await drainOutbox(() => Promise.resolve())).map((r) => r.path)).not.toContain('/products/b');
    expect(await queueState(getDb())).toMatchObject({ pending: 1, failing: 1 });
  });

  it('lets only the current holder of a claim release it, after an earlier lease expired', async () => {
    await queuePages(getDb(), ['/products/lease']);
    await foldPurgeRequests(getDb(), ['/products/lease']);
    const [first] = await claimPaths(getDb(), ['/products/lease']);
    await getDb().pagePurge.update({ where: { path: '/products/lease' }, data: { claimedUntil: new Date(0) } });
    const [second] = await claimPaths(getDb(), ['/products/lease']); // the first worker's lease ran out
    expect(second).toBeDefined();
    await queuePages(getDb(), ['/products/lease']); // a change: neither claim may finish it
    await foldPurgeRequests(getDb(), ['/products/lease']);
    expect(await finishPurge(getDb(), first!)).toBe(false);
    expect((await rowOf('/products/lease')).claimedUntil).toEqual(second!.claimedUntil);
    expect(await finishPurge(getDb(), second!)).toBe(false);
    expect(await rowOf('/products/lease')).toMatchObject({ status: 'PENDING', claimedUntil: null });
  });

  it('retries a page the shared cache (Redis) did not take within 2 s, however often it failed before', async () => {
    const redisDown = '/products/redis-down';
    const broken = '/products/broken-render';
    await queuePages(getDb(), [redisDown, broken]);
    await foldPurgeRequests(getDb(), [redisDown, broken]);
    await getDb().pagePurge.updateMany({ where: { path: { in: [redisDown, broken] } }, data: { attempts: 20 } });
    const edgePurged: string[] = [];
    const edge: EdgeTarget = {
      name: 'recorder',
      purge: (paths) => {
        edgePurged.push(...paths);
        return Promise.resolve(paths.map((path) => ({ path, ok: true })));
      },
    };
    const results = await drainOutbox(
      (path) =>
        Promise.reject(
          path === redisDown
            ? new PageNotInSharedCache('the shared page cache (Redis) is unreachable')
            : new Error('Invalid response 500'),
        ),
      50,
      [edge],
    );
    expect(results.filter((r) => r.path === redisDown)).toEqual([
      expect.objectContaining({ ok: false, notInSharedCache: true }),
    ]);
    const waitOf = async (path: string) => (await rowOf(path)).nextAttemptAt.getTime() - Date.now();
    expect(await waitOf(redisDown)).toBeLessThanOrEqual(2_000);
    expect(await waitOf(broken), 'an ordinary failure keeps its long backoff').toBeGreaterThan(100_000);
    expect(await rowOf(redisDown)).toMatchObject({ attempts: 21, status: 'PENDING' });
    // Meanwhile the instances render from the database: the edge drops its copy now, and since
    // that is not recorded, it is purged again once Redis holds the page.
    expect(edgePurged).toEqual([redisDown]);
    expect(await getDb().edgePurge.count({ where: { path: redisDown } })).toBe(0);
  });

  it('claims the shared documents (the feed, its pieces, the sitemap) apart from the pages when asked, so a page never waits behind a feed rebuild', async () => {
    const [page, piece] = ['/products/scoped', feedPiecePath(900_000_000 + Math.floor(Math.random() * 1000))];
    // A piece an instance of an earlier release queued (pieces of another size): a document too.
    const earlierPiece = `/feeds/google.xml/pieces/${900_000_000 + Math.floor(Math.random() * 1000)}`;
    await queuePages(getDb(), [page, piece, earlierPiece]);
    await foldPurgeRequests(getDb(), [page, piece, earlierPiece]);
    const isDocument = (path: string) =>
      path === FEED_PATH || path === SITEMAP_PATH || path.startsWith('/feeds/google.xml/');
    const pages = await claimDue(getDb(), 100, 0, 'pages');
    expect(pages.map((c) => c.path)).toContain(page);
    expect(pages.filter((c) => isDocument(c.path))).toEqual([]);
    const documents = await claimDue(getDb(), 100, 0, 'documents');
    expect(documents.map((c) => c.path)).toEqual(expect.arrayContaining([piece, earlierPiece]));
    expect(documents.filter((c) => !isDocument(c.path))).toEqual([]);
    for (const claim of [...pages, ...documents]) await finishPurge(getDb(), claim);
  });

  it("reads many paths' pending generations at once as it reads each: folded, still in the log, never queued", async () => {
    const paths = ['/products/gen-folded', '/products/gen-logged', '/products/gen-never'];
    await queuePages(getDb(), [paths[0]!, paths[1]!]);
    await foldPurgeRequests(getDb(), [paths[0]!, paths[1]!]);
    await queuePages(getDb(), [paths[1]!]); // a change not folded yet
    await queuePages(getDb(), [paths[1]!], 'rerender');
    const together = await pendingGenerations(getDb(), [...paths, paths[0]!]);
    expect(Object.fromEntries(together)).toEqual({
      '/products/gen-folded': 1,
      '/products/gen-logged': 3,
      '/products/gen-never': 0,
    });
    for (const path of paths) expect(together.get(path)).toBe(await pendingGeneration(getDb(), path));
    expect(await pendingGenerations(getDb(), [])).toEqual(new Map());
    // Left pending, they would be claimed by the tests below.
    await getDb().purgeRequest.deleteMany({ where: { path: { in: paths } } });
    await getDb().pagePurge.deleteMany({ where: { path: { in: paths } } });
  });

  it('backs off exponentially with jitter, capped at five minutes', () => {
    expect(retryDelayMs(1, () => 0)).toBe(500);
    expect(retryDelayMs(1, () => 1)).toBe(1000);
    expect(retryDelayMs(4, () => 1)).toBe(8000);
    expect(retryDelayMs(30, () => 1)).toBe(300_000);
  });

  it('leaves a row to the request that queued it for the request window, then drains it', async () => {
    await getDb().pagePurge.deleteMany();
    await queuePages(getDb(), ['/products/fresh']);
    await foldPurgeRequests(getDb(), ['/products/fresh']);
    const rendered: string[] = [];
    const regenerate = (path: string) => {
      rendered.push(path);
      return Promise.resolve();
    };
    const drain = () => drainOutbox(regenerate, 50, [], QUEUE_POLICY.requestWindowMs);
    expect(await drain(), 'just queued: its own request purges it').toEqual([]);
    const windowAgo = new Date(Date.now() - QUEUE_POLICY.requestWindowMs - 100);
    await getDb().pagePurge.update({ where: { path: '/products/fresh' }, data: { nextAttemptAt: windowAgo } });
    expect(await drain(), 'its request did not finish it in time').toMatchObject([
      { path: '/products/fresh', ok: true },
    ]);
    expect(rendered).toEqual(['/products/fresh']);
  });

  it("gives a drained product page's render its data read with the claim's others, not a read of its own", async () => {
    await getDb().pagePurge.deleteMany();
    const slug = 'read-together-boots';
    await getDb().product.create({
      data: {
        slug,
        title: 'Boots read together',
        status: 'ACTIVE',
        variants: { create: [{ sku: slug, title: 'Default', price: 4200, currency: 'USD', stock: 3 }] },
      },
    });
    const path = productPath(slug);
    await queuePages(getDb(), [path]);
    await foldPurgeRequests(getDb(), [path]);
    const ownRead = vi.fn(() => Promise.resolve(null));
    const rendered = new Map<string, unknown>();
    const regenerate = async (page: string) => {
      rendered.set(page, await loadFresh(page, ownRead, 60_000));
    };
    expect(await drainOutbox(regenerate, 10, [])).toEqual([expect.objectContaining({ path, ok: true })]);
    expect(ownRead).not.toHaveBeenCalled();
    expect(rendered.get(path)).toMatchObject({ slug, title: 'Boots read together' });
    expect(await rowOf(path)).toMatchObject({ status: 'DONE' });
    await getDb().product.delete({ where: { slug } });
  });

  it('lets two drainers run at once without regenerating any page twice for the same change', async () => {
    await getDb().pagePurge.deleteMany();
    const paths = Array.from({ length: 40 }, (_, i) => `/products/p${i}`);
    await queuePages(getDb(), paths);
    await foldPurgeRequests(getDb(), paths);
    const rendered: string[] = [];
    const regenerate = async (path: string) => {
      rendered.push(path);
      await sleep(5);
    };
    await Promise.all([drainOutbox(regenerate, 100), drainOutbox(regenerate, 100), drainOutbox(regenerate, 100)]);
    expect(rendered.sort()).toEqual([...paths].sort());
    expect(await queueState(getDb())).toMatchObject({ pending: 0 });
  });

  it('coalesces a burst: 50 edits of one product regenerate each page a bounded number of times, the last after the last commit', async () => {
    await getDb().pagePurge.deleteMany();
    const pages = ['/products/burst', '/categories/burst', '/'];
    const renders: { path: string; startedAt: number }[] = [];
    const regenerate = async (path: string) => {
      renders.push({ path, startedAt: performance.now() });
      await sleep(40); // a regeneration takes a while; edits keep committing meanwhile
    };
    // When the last transaction's work ended: its COMMIT comes after, so a regeneration that
    // reflects it must start later than this.
    let lastWriteEnded = 0;
    const edit = async (_: unknown, i: number) => {
      await sleep(i * 5); // 50 edits over a quarter of a second
      await getDb().$transaction(async (tx) => {
        await queuePages(tx, pages);
        lastWriteEnded = Math.max(lastWriteEnded, performance.now());
      });
      return purgeNow(pages, regenerate, { waitMs: 5_000 });
    };
    const reports = await Promise.all(Array.from({ length: 50 }, edit));

    expect(reports.flat().every((r) => r.ok)).toBe(true);
    for (const path of pages) {
      const mine = renders.filter((r) => r.path === path);
      // The bound: at most one regeneration in flight per page, and a change's request reaches the
      // row only when folded after its commit, so a burst costs at most
      // (burst duration / regeneration time) + 1 regenerations (here 250 / 40 + 1, about 7), not
      // one per edit; measured here: 1-2. Without coalescing it would be 50.
      expect(mine.length, `${path} regenerations`).toBeLessThanOrEqual(15);
      expect(Math.max(...mine.map((r) => r.startedAt))).toBeGreaterThan(lastWriteEnded);
    }
    expect(await queueState(getDb())).toMatchObject({ pending: 0 });
  });
});

describe('the outbox with statistics taken while it was empty', () => {
  // A bulk change fills the request log and turns thousands of rows PENDING in seconds, while
  // PostgreSQL's statistics (autovacuum's ANALYZE, a minute later at best) still say empty.
  it('folds, counts and finishes in row visits linear in the log, however wrong the statistics', async () => {
    const paths = Array.from({ length: 2000 }, (_, i) => `/products/stale-${i}`);
    const rollback = new Error('rolled back on purpose');
    const visits = (tx: Prisma.TransactionClient) =>
      tx.$queryRaw<{ rows: number }[]>`
        SELECT coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0)::int AS rows
        FROM pg_stat_xact_user_tables WHERE relname IN ('PurgeRequest', 'PagePurge')`.then(([row]) => row!.rows);
    await expect(
      getDb().$transaction(
        async (tx) => {
          // At rest: every page DONE, and the log analyzed while its pages hold only folded
          // (deleted) requests, so PostgreSQL takes it for empty however it grows.
          await queuePages(tx, paths);
          await foldPurgeRequests(tx);
          await tx.$executeRaw`DELETE FROM "PurgeRequest"`;
          await tx.$executeRaw`UPDATE "PagePurge" SET status = 'DONE'`;
          await tx.$executeRaw`ANALYZE "PurgeRequest", "PagePurge"`;
          await queuePages(tx, paths.slice(0, 1000));
          await foldPurgeRequests(tx);
          await queuePages(tx, paths);
          const before = await visits(tx);
          expect(await queueState(tx)).toMatchObject({ pending: 2000 });
          expect(await foldPurgeRequests(tx)).toBe(2000);
          // A few visits per request; the plans these replaced made millions.
          expect((await visits(tx)) - before).toBeLessThan(10 * paths.length);

          await queuePages(tx, paths.slice(1000)); // changed again: still in the log while the claims finish
          let done = 0;
          let finishing = 0;
          for (let batch = 0; batch < paths.length; batch += 100) {
            const claims = await claimPaths(tx, paths.slice(batch, batch + 100));
            expect(claims).toHaveLength(100);
            const start = await visits(tx);
            done += (await finishPurges(tx, claims)).size;
            finishing += (await visits(tx)) - start;
          }
          expect(done).toBe(1000); // the other half was asked for again
          // About 12 visits a claim; joined to the claims, the old statement made 40 to 61.
          expect(finishing).toBeLessThan(20 * paths.length);
          throw rollback;
        },
        { timeout: 60_000 },
      ),
    ).rejects.toBe(rollback);
  });
});
