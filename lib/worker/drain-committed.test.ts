/** The documents pass's pace: this release's pieces wait, one at a time, for the pages due; whole documents do not. */
import { describe, expect, it } from 'vitest';
import { FEED_PATH, feedPiecePath, SITEMAP_PATH } from '../storefront/paths';
import { piecesOneAtATimeAfter } from './drain-committed';
import { singleFlight } from './single-flight';

describe('piecesOneAtATimeAfter', () => {
  it("holds this release's pieces until the pages are done, one at a time, and lets whole documents through at once", async () => {
    let releasePages = () => {};
    const pages = singleFlight(
      () => new Promise<void>((resolve) => (releasePages = resolve)),
      () => undefined,
    );
    const started: string[] = [];
    const running = new Set<string>();
    let overlapped = false;
    const rebuild = async (path: string) => {
      started.push(path);
      if (running.size > 0 && path.includes('/pieces-50/')) overlapped = true;
      running.add(path);
      await new Promise(setImmediate);
      running.delete(path);
    };
    pages.wake(); // a change's pages are being rendered
    const pace = piecesOneAtATimeAfter(pages)(rebuild);
    const otherRelease = '/feeds/google.xml/pieces-250/3';
    const all = Promise.all([feedPiecePath(0), feedPiecePath(1), FEED_PATH, otherRelease, SITEMAP_PATH].map(pace));
    await new Promise(setImmediate);
    expect(started).toEqual([FEED_PATH, otherRelease, SITEMAP_PATH]);
    releasePages();
    await all;
    expect(started.slice(3)).toEqual([feedPiecePath(0), feedPiecePath(1)]);
    expect(overlapped).toBe(false);
  });
});
