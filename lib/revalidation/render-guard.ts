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
 * older page cached as if the purge had never happened. So a moment later (`inFlightWriteMs`,
 * the looks of many renders gathered into one read) the render checks again: if a newer change's
 * purge is already done, the page is queued once more. Best effort (a timer in this process), and
 * at worst one extra regeneration of a page changed twice in a row. Only a newer *change* counts,
 * not a newer re-queue by this guard: otherwise each re-render's look would find the previous
 * look's re-queue, and a page changed twice within the look's delay would be rendered again and
 * again for ever.
 */
import { getDb } from '../db';
import { getEnv } from '../env';
import { QUEUE_POLICY } from '../queue-policy';
import { pendingGeneration, pendingGenerations, queuePages } from './outbox';
import type { RegeneratePage } from './regenerate';

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
  // Looked up before any wait: a render that read its own generation first never takes data read
  // ahead, which may be older than that generation. One render takes it; a later one reads its own.
  const claimed = guard.claimed.get(path);
  const ahead = claimed?.readAhead;
  if (claimed) claimed.readAhead = undefined;
  const before = claimed?.generation ?? (await generationOf(path));
  // What the page's `load` returns: `readTogether` reads exactly that (page-props.ts).
  const result = ahead ? (ahead.data as T) : await load();
  const after = ahead ? ahead.generation : await generationOf(path);
  if (after !== before) await queuePages(getDb(), [path], 'rerender');
  else recheckLater({ path, renderedGeneration: after, dueAt: Date.now() + recheckAfterMs });
  return result;
}

/**
 * `regenerate`, with each claimed page's render taking the claim's generation as the one it reads
 * before its data, for as long as that page renders. The claim returns `PagePurge.generation`,
 * which counts the folded requests only, while the render would read that plus the requests
 * still in the log; and a generation never goes down. So it is a lower bound of what the render
 * would read: a change logged or committed since still makes the render queue the page again (at
 * worst a request more for a page that could not finish DONE anyway). It saves the render one
 * query (docs/benchmarks.md, "Regeneration cost"). With `readTogether`, the claimed pages' data
 * and their generations after it are read for all of them at once, and each render takes its own
 * instead of two queries.
 */
export function withClaimedGenerations(
  claims: readonly { path: string; generation: number }[],
  regenerate: RegeneratePage,
  readTogether?: ReadPagesTogether,
): RegeneratePage {
  const claimedGeneration = new Map(claims.map((claim) => [claim.path, claim.generation]));
  let readAhead: Promise<Map<string, ReadAhead>> | undefined;
  return async (path) => {
    const generation = claimedGeneration.get(path);
    if (generation === undefined) return regenerate(path);
    // The first render of the claims reads them all; the others find theirs read.
    const ahead = readTogether && (await (readAhead ??= readPagesAhead([...claimedGeneration.keys()], readTogether)));
    const mine: ClaimedRender = { generation, readAhead: ahead?.get(path) };
    ahead?.delete(path);
    guard.claimed.set(path, mine);
    try {
      await regenerate(path);
    } finally {
      if (guard.claimed.get(path) === mine) guard.claimed.delete(path);
    }
  };
}

/**
 * Reads the data of those of `paths` it can read together, by path, each exactly what the page's
 * own read in `loadFresh` would return; the paths it leaves out are read by their renders.
 */
export type ReadPagesTogether = (paths: readonly string[]) => Promise<ReadonlyMap<string, unknown>>;

/** A claimed page's data read ahead of its render, and its generation read after that data. */
interface ReadAhead {
  data: unknown;
  generation: number;
}

interface ClaimedRender {
  generation: number;
  /** Until a render of the page takes it. */
  readAhead?: ReadAhead;
}

/**
 * The claimed pages' data in one statement instead of one per render (docs/benchmarks.md,
 * "Claimed pages read together"), then their generations in one more, read after the data as
 * each render reads its own: a change queued since the claim still makes the render queue its
 * page again. If the read fails, each render reads its own data, as without it.
 */
async function readPagesAhead(
  paths: readonly string[],
  readTogether: ReadPagesTogether,
): Promise<Map<string, ReadAhead>> {
  try {
    const data = await readTogether(paths);
    const generations = await pendingGenerations(getDb(), [...data.keys()]);
    return new Map([...data].map(([path, value]) => [path, { data: value, generation: generations.get(path) ?? 0 }]));
  } catch (error) {
    console.error(
      `render guard: could not read ${paths.length} claimed pages together, each reads its own:`,
      (error as Error).message,
    );
    return new Map();
  }
}

interface Recheck {
  path: string;
  renderedGeneration: number;
  dueAt: number;
}

/**
 * The looks a moment after each render are taken together: one read of the outbox for every
 * render due by then, at most one every `RECHECK_GATHER_MS` (a worker renders a hundred or more
 * pages a second, and a look per page was one query per page), and one more only for each page
 * changed again since its render. A look may come that much later than asked, never sooner:
 * later only catches a slower write too.
 */
const RECHECK_GATHER_MS = 100;

// On globalThis: each page's bundle has its own copy of this module; the worker's purge code
// (withClaimedGenerations) and the pages' renders (loadFresh) must share one.
interface GuardState {
  /** Per page this process is regenerating from a claim: the claim's generation, and its data if read ahead. */
  claimed: Map<string, ClaimedRender>;
  due: Recheck[];
  timer?: { handle: NodeJS.Timeout; firesAt: number };
}
const globalForGuard = globalThis as unknown as { renderGuard?: GuardState };
const guard: GuardState = (globalForGuard.renderGuard ??= { claimed: new Map(), due: [] });

function recheckLater(recheck: Recheck): void {
  guard.due.push(recheck);
  // Armed already for this look or sooner, as for every look waiting: most renders end here,
  // without a pass over all of them.
  if (guard.timer && guard.timer.firesAt <= Math.max(recheck.dueAt, Date.now() + RECHECK_GATHER_MS)) return;
  armRecheckTimer();
}

function armRecheckTimer(): void {
  if (guard.due.length === 0) return;
  const earliest = guard.due.reduce((soonest, recheck) => Math.min(soonest, recheck.dueAt), Infinity);
  const firesAt = Math.max(earliest, Date.now() + RECHECK_GATHER_MS);
  // Armed already for then or sooner (a look due sooner re-arms it: delays may differ).
  if (guard.timer && guard.timer.firesAt <= firesAt) return;
  if (guard.timer) clearTimeout(guard.timer.handle);
  const handle = setTimeout(() => {
    guard.timer = undefined;
    const now = Date.now();
    const due = guard.due.filter((recheck) => recheck.dueAt <= now);
    guard.due = guard.due.filter((recheck) => recheck.dueAt > now);
    armRecheckTimer();
    void recheckRenders(due).catch((error: unknown) => {
      // Best effort, as each look always was: said, not retried.
      console.error(`render guard: could not look again at ${due.length} renders:`, (error as Error).message);
    });
  }, firesAt - Date.now()).unref();
  guard.timer = { handle, firesAt };
}

async function recheckRenders(renders: readonly Recheck[]): Promise<void> {
  if (renders.length === 0) return;
  const rows = await getDb().pagePurge.findMany({
    where: { path: { in: [...new Set(renders.map((render) => render.path))] } },
    select: { path: true, generation: true, changeGeneration: true, status: true, regeneratedGeneration: true },
  });
  const rowOf = new Map(rows.map((row) => [row.path, row]));
  const again = new Set<string>();
  for (const { path, renderedGeneration } of renders) {
    const row = rowOf.get(path);
    if (!row || row.changeGeneration <= renderedGeneration) continue;
    // A request still in the log: its regeneration, after this page, is to come.
    if ((await generationOf(path)) > row.generation) continue;
    // Next already regenerated the newer change: done, or waiting only for an edge target (which
    // is never rendered again). Still PENDING otherwise: a regeneration after this page is to come.
    if (row.status === 'DONE' || row.regeneratedGeneration === row.generation) again.add(path);
  }
  if (again.size > 0) await queuePages(getDb(), [...again], 'rerender');
}

/** Counts the requests not folded yet too: a change's request is in the log before it is in PagePurge. */
function generationOf(path: string): Promise<number> {
  return pendingGeneration(getDb(), path);
}
