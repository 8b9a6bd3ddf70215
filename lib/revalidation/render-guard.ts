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
 */
import { getDb } from '../db';
import { queuePurges } from './outbox';

export async function loadFresh<T>(path: string, load: () => Promise<T>): Promise<T> {
  const before = await generationOf(path);
  const result = await load();
  const after = await generationOf(path);
  if (after !== before) await queuePurges(getDb(), [path]);
  return result;
}

async function generationOf(path: string): Promise<number | null> {
  const row = await getDb().pagePurge.findUnique({ where: { path }, select: { generation: true } });
  return row?.generation ?? null;
}
