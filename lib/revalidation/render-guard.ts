/**
 * Next.js merges a revalidation with any render of the same path already running, including a
 * shopper's render that started before a change committed (the first request of a page that was
 * not cached yet, or a background render after a failed regeneration). The purge would then be
 * reported done from data read before the commit, and nothing would ever fix the page.
 *
 * So every storefront page loads its data through `loadFresh`: it notes the path's outbox
 * generation before reading the catalog and again after. If a change was queued for the path in
 * between, the data may predate it: the path is queued again, so a purge that joined this render
 * cannot be marked done, and the next regeneration reads the committed data.
 *
 * Next stores the page only after getStaticProps returns. A change that commits in that gap, and
 * whose purge finishes before this render's page lands (a slow render on another instance
 * writing to the shared Redis, or one that finished just before the commit), would leave this
 * older page cached as if the purge had never happened. So a moment later (`inFlightWriteMs`)
 * the render checks again: if a newer change's purge is already done, the page is queued once
 * more. Best effort (a timer in this process), and at worst one extra regeneration of a page
 * changed twice in a row. Only a newer *change* counts, not a newer re-queue by this guard:
 * otherwise each re-render's look would find the previous look's re-queue, and a page changed
 * twice within the look's delay would be rendered again and again for ever.
 */
import { getDb } from '../db';
import { getEnv } from '../env';
import { QUEUE_POLICY } from '../queue-policy';
import { pendingGeneration, queuePages } from './outbox';

export async function loadFresh<T>(
  path: string,
  load: () => Promise<T>,
  recheckAfterMs: number = QUEUE_POLICY.inFlightWriteMs,
): Promise<T> {
  if (getEnv().LOG_RENDERS === '1') {
    console.info(
      `render ${path} (PURGE_ROLE=${getEnv().PURGE_ROLE}, pid ${process.pid}, at ${new Date().toISOString()})`,
    );
  }
  const before = await generationOf(path);
  const result = await load();
  const after = await generationOf(path);
  if (after !== before) await queuePages(getDb(), [path], 'rerender');
  else setTimeout(() => void recheck(path, after).catch(() => undefined), recheckAfterMs).unref();
  return result;
}

async function recheck(path: string, renderedGeneration: number): Promise<void> {
  const row = await getDb().pagePurge.findUnique({
    where: { path },
    select: { generation: true, changeGeneration: true, status: true, regeneratedGeneration: true },
  });
  if (!row || row.changeGeneration <= renderedGeneration) return;
  // A request still in the log: its regeneration, after this page, is to come.
  if ((await generationOf(path)) > row.generation) return;
  // Next already regenerated the newer change: done, or waiting only for an edge target (which
  // is never rendered again). Still PENDING otherwise: a regeneration after this page is to come.
  const regenerated = row.status === 'DONE' || row.regeneratedGeneration === row.generation;
  if (regenerated) await queuePages(getDb(), [path], 'rerender');
}

/** Counts the requests not folded yet too: a change's request is in the log before it is in PagePurge. */
function generationOf(path: string): Promise<number> {
  return pendingGeneration(getDb(), path);
}
