import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../../db';
import { withOwnDatabase } from '../../../testing/own-database';
import { drainOutbox } from '../drain';
import { purgeNow } from '../purge-now';
import { queuePages } from '../outbox';
import { FEED_PATH, feedPiecePath, SITEMAP_PATH, sitemapPiecePath } from '../../storefront/paths';
import type { EdgePurgeResult, EdgeTarget } from './edge-target';

// drainOutbox takes any due row: other test files' purges must not be in this database.
withOwnDatabase();

afterAll(async () => {
  await getDb().$disconnect();
});

/** An edge target that fails while `down` is true and records what it purged. */
function fakeTarget(name: string) {
  const purged: string[] = [];
  const target: EdgeTarget & { down: boolean; purged: string[] } = {
    name,
    down: false,
    purged,
    purge(paths: readonly string[]): Promise<EdgePurgeResult[]> {
      return Promise.resolve(
        paths.map((path): EdgePurgeResult => {
          if (target.down) return { path, ok: false, error: `${name} is down` };
          purged.push(path);
          return { path, ok: true };
        }),
      );
    },
  };
  return target;
}

/** A regeneration that always succeeds and notes the path. */
const recordInto = (rendered: string[]) => (path: string) => {
  rendered.push(path);
  return Promise.resolve();
};
const pageRow = (path: string) => getDb().pagePurge.findUniqueOrThrow({ where: { path } });
const edgeRow = (path: string, target: string) =>
  getDb().edgePurge.findUniqueOrThrow({ where: { path_target: { path, target } } });
/** Makes every backoff due now, as time passing would. */
const timePasses = async () => {
  await getDb().pagePurge.updateMany({ data: { nextAttemptAt: new Date(0) } });
  await getDb().edgePurge.updateMany({ data: { nextAttemptAt: new Date(0) } });
};

describe('the purge outbox with edge targets', () => {
  it('marks a page done only after Next regenerated it and every edge target purged it', async () => {
    const varnish = fakeTarget('varnish');
    const cdn = fakeTarget('cloudflare');
    const rendered: string[] = [];
    await queuePages(getDb(), ['/products/e1']);
    const [result] = await purgeNow(['/products/e1'], recordInto(rendered), {
      targets: [varnish, cdn],
    });
    expect(result).toMatchObject({ path: '/products/e1', ok: true });
    expect(rendered).toEqual(['/products/e1']);
    expect([varnish.purged, cdn.purged]).toEqual([['/products/e1'], ['/products/e1']]);
    expect(await pageRow('/products/e1')).toMatchObject({ status: 'DONE' });
  });

  it('keeps a page pending for the failing target only, retries it with backoff, and converges', async () => {
    const varnish = fakeTarget('varnish');
    const cdn = fakeTarget('cloudflare');
    const targets = [varnish, cdn];
    const rendered: string[] = [];
    const regenerate = recordInto(rendered);
    varnish.down = true;
    await queuePages(getDb(), ['/products/e2']);
    const [first] = await purgeNow(['/products/e2'], regenerate, { targets });
    expect(first).toMatchObject({ ok: false, error: expect.stringContaining('varnish: varnish is down') as string });
    expect(await pageRow('/products/e2')).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(await edgeRow('/products/e2', 'varnish')).toMatchObject({ attempts: 1, purgedGeneration: 0 });
    expect(await edgeRow('/products/e2', 'cloudflare')).toMatchObject({ attempts: 0, purgedGeneration: 1 });
    expect((await edgeRow('/products/e2', 'varnish')).nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 300);
    expect(await drainOutbox(regenerate, 50, targets)).toEqual([]); // backing off

    await timePasses();
    expect((await drainOutbox(regenerate, 50, targets))[0]).toMatchObject({ ok: false }); // still down
    expect(await edgeRow('/products/e2', 'varnish')).toMatchObject({ attempts: 2 });

    varnish.down = false;
    await timePasses();
    expect(await drainOutbox(regenerate, 50, targets)).toEqual([{ path: '/products/e2', ok: true, durationMs: 0 }]);
    expect(await pageRow('/products/e2')).toMatchObject({ status: 'DONE' });
    // Rendered once; the CDN that succeeded was not purged again while Varnish was retried.
    expect(rendered).toEqual(['/products/e2']);
    expect(cdn.purged).toEqual(['/products/e2']);
    expect(varnish.purged).toEqual(['/products/e2']);
  });

  it('backs an edge target off like a page: the ninth failure in a row waits minutes, not a second', async () => {
    const varnish = fakeTarget('varnish');
    varnish.down = true;
    await queuePages(getDb(), ['/products/e6']);
    await purgeNow(['/products/e6'], () => Promise.resolve(), { targets: [varnish] });
    await getDb().edgePurge.update({
      where: { path_target: { path: '/products/e6', target: 'varnish' } },
      data: { attempts: 8 },
    });
    await timePasses();
    await drainOutbox(() => Promise.resolve(), 50, [varnish]);
    const row = await edgeRow('/products/e6', 'varnish');
    expect(row.attempts).toBe(9);
    // retryDelayMs(9): a ceiling of 256 s, jittered over its upper half.
    const waitMs = row.nextAttemptAt.getTime() - Date.now();
    expect(waitMs).toBeGreaterThan(120_000);
    expect(waitMs).toBeLessThanOrEqual(256_000);
  });

  it('renders and purges again when a change comes while an edge purge is pending', async () => {
    const varnish = fakeTarget('varnish');
    const rendered: string[] = [];
    const regenerate = recordInto(rendered);
    varnish.down = true;
    await queuePages(getDb(), ['/products/e3']);
    await purgeNow(['/products/e3'], regenerate, { targets: [varnish] });
    await queuePages(getDb(), ['/products/e3']); // a new change: the earlier render is stale
    varnish.down = false;
    expect(await drainOutbox(regenerate, 50, [varnish])).toMatchObject([{ path: '/products/e3', ok: true }]);
    expect(rendered).toEqual(['/products/e3', '/products/e3']);
    expect(await edgeRow('/products/e3', 'varnish')).toMatchObject({ purgedGeneration: 2, attempts: 0 });
    expect(await pageRow('/products/e3')).toMatchObject({ status: 'DONE' });
  });

  it('never purges the edge when the regeneration failed (the edge would refetch the old page)', async () => {
    const varnish = fakeTarget('varnish');
    await queuePages(getDb(), ['/products/e4']);
    const [result] = await purgeNow(['/products/e4'], () => Promise.reject(new Error('Invalid response 500')), {
      targets: [varnish],
    });
    expect(result).toMatchObject({ ok: false, error: 'Invalid response 500' });
    expect(varnish.purged).toEqual([]);
    expect(await getDb().edgePurge.count({ where: { path: '/products/e4' } })).toBe(0);
  });

  it('with no edge target behaves as before: done right after the regeneration', async () => {
    await queuePages(getDb(), ['/products/e5']);
    expect(await purgeNow(['/products/e5'], () => Promise.resolve(), { targets: [] })).toMatchObject([{ ok: true }]);
    expect(await pageRow('/products/e5')).toMatchObject({ status: 'DONE' });
    expect(await getDb().edgePurge.count({ where: { path: '/products/e5' } })).toBe(0);
  });

  it('makes a page fresh at the edge without waiting for the sitemap it was claimed with', async () => {
    const page = '/products/e6';
    await queuePages(getDb(), [page, SITEMAP_PATH]);
    const varnish = fakeTarget('varnish');
    let finishSitemap = () => {};
    const sitemapRebuilding = new Promise<void>((resolve) => (finishSitemap = resolve));
    const regenerate = (path: string) => (path === SITEMAP_PATH ? sitemapRebuilding : Promise.resolve());
    const purging = purgeNow([page, SITEMAP_PATH], regenerate, { targets: [varnish] });
    // The sitemap's rebuild (seconds in a large catalog) is still running: the page is already done.
    await expect.poll(async () => (await pageRow(page))?.status).toBe('DONE');
    expect(varnish.purged).toEqual([page]);
    expect(await pageRow(SITEMAP_PATH)).toMatchObject({ status: 'PENDING' });
    finishSitemap();
    expect(await purging).toMatchObject([
      { path: page, ok: true },
      { path: SITEMAP_PATH, ok: true },
    ]);
    expect(varnish.purged).toEqual([page]); // an edge never keeps the sitemap: nothing to fetch
  });

  it('forgets the feed and the sitemap at the edge once for the pieces of one round, fetching nothing; a target that never keeps them is not asked', async () => {
    const varnish = fakeTarget('varnish');
    const forgotten: string[] = [];
    const forgetting = Object.assign(varnish, {
      forget(paths: readonly string[]): Promise<EdgePurgeResult[]> {
        forgotten.push(...paths);
        return Promise.resolve(paths.map((path): EdgePurgeResult => ({ path, ok: true })));
      },
    });
    const nginx = fakeTarget('nginx'); // no forget: its configuration passes the feed
    const pieces = [
      feedPiecePath(3),
      feedPiecePath(4),
      sitemapPiecePath({ kind: 'home' }),
      sitemapPiecePath({ kind: 'products', piece: 3 }),
    ];
    await queuePages(getDb(), [...pieces, '/products/e-feed']);
    const results = await purgeNow([...pieces, '/products/e-feed'], recordInto([]), { targets: [forgetting, nginx] });
    expect(results.every((result) => result.ok)).toBe(true);
    expect(forgotten).toEqual([FEED_PATH, SITEMAP_PATH]);
    expect(varnish.purged).toEqual(['/products/e-feed']);
    expect(nginx.purged).toEqual(['/products/e-feed']);
    for (const piece of pieces) expect(await pageRow(piece)).toMatchObject({ status: 'DONE' });
  });
});
