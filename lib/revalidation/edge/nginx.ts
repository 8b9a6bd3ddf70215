/**
 * The nginx edge (nginx/default.conf): nginx keeps two copies of a page, gzipped and plain, and
 * the app refreshes the ones it holds after Next regenerated the page. For each copy, a lookup
 * (`X-Edge-Refresh: lookup`) says whether nginx holds it, fetching nothing when it does not; a
 * held copy is refreshed: `GET <path>` with `X-Edge-Refresh: 1` from an address the config allows
 * skips the cached copy, and nginx stores Next's new answer in its place (a refresh rather than a
 * purge: Debian's cache_purge module crashes nginx 1.22's workers). The next shopper gets the
 * new page from the cache, without a miss; a copy nobody held is fetched by the next shopper's
 * miss, which gets the new page.
 */
import pLimit from 'p-limit';
import { QUEUE_POLICY } from '../../queue-policy';
import { sendAgainLater, sendEdgeRequest, sendEdgeRequestFor } from './edge-request';
import type { EdgePurgeResult, EdgeTarget } from './edge-target';

const CONCURRENCY = 16;
/** A copy's request headers. */
type Copy = Record<string, string>;

/** The copies the config keys a page by: its Accept-Encoding cut down to gzip or nothing. */
const COPIES: readonly Copy[] = [{ 'Accept-Encoding': 'gzip' }, {}];
/** Answers the config stores (proxy_cache_valid): any other leaves the old copy in place. */
const STORED = new Set([200, 203, 204, 300, 301, 302, 307, 308, 404, 410]);

export interface NginxOptions {
  /** The edge's address, e.g. http://127.0.0.1:8081 */
  url: string;
  /** The Host shoppers use, e.g. shop.example.com (the config keys without it; sent all the same). */
  shopHost: string;
  /** Source address to send from (tests use it to stand outside the refresh ACL). */
  localAddress?: string;
  /**
   * Delay of the second refresh of a copy that was held past its hour (0: none). Such a copy may
   * be on its way back from a shopper's fetch that started before the regeneration and lands
   * after the refresh; a copy held within its hour has no fetch in flight, and a lookup of one not
   * held waits for a fetch in flight (proxy_cache_lock).
   */
  refreshAgainAfterMs?: number;
}

/** One copy of one page: what was done with it. */
type CopyOutcome =
  | { copy: Copy; kind: 'not held' }
  | { copy: Copy; kind: 'refreshed'; status: number; again: boolean }
  | { copy: Copy; kind: 'failed'; error: string };

export function createNginxTarget(options: NginxOptions): EdgeTarget {
  const limit = pLimit(CONCURRENCY);
  const againAfterMs = options.refreshAgainAfterMs ?? QUEUE_POLICY.inFlightWriteMs;
  return {
    name: 'nginx',
    purge: async (paths) => {
      const pages = await Promise.all(
        paths.map(async (path) => ({
          path,
          copies: await Promise.all(COPIES.map((copy) => refreshCopy(options, path, copy, limit))),
        })),
      );
      const again = pages.flatMap(({ path, copies }) =>
        copies.flatMap((outcome) =>
          outcome.kind === 'refreshed' && outcome.again ? [{ path, copy: outcome.copy }] : [],
        ),
      );
      sendAgainLater(again, againAfterMs, ({ path, copy }) => limit(() => sendRefresh(options, path, copy)));
      return pages.map(({ path, copies }) => pageResult(path, copies));
    },
  };
}

/** The page is done when every copy was either not held or replaced. */
function pageResult(path: string, copies: readonly CopyOutcome[]): EdgePurgeResult {
  for (const outcome of copies) {
    if (outcome.kind === 'failed') return { path, ok: false, error: `nginx: ${outcome.error}` };
    if (outcome.kind === 'refreshed' && !STORED.has(outcome.status)) {
      return { path, ok: false, error: `nginx: answered ${outcome.status} to the refresh of ${path}` };
    }
  }
  return { path, ok: true };
}

async function refreshCopy(
  options: NginxOptions,
  path: string,
  copy: Copy,
  limit: ReturnType<typeof pLimit>,
): Promise<CopyOutcome> {
  try {
    const held = await limit(() => lookUp(options, path, copy));
    if (held === 'MISS') return { copy, kind: 'not held' };
    // HIT: within its hour. No answer (a config without lookups, or a refusal): refresh as before.
    const status = await limit(() => sendRefresh(options, path, copy));
    return { copy, kind: 'refreshed', status, again: held !== 'HIT' };
  } catch (error) {
    return { copy, kind: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
}

/** What nginx holds for this copy: MISS, HIT, EXPIRED…, or undefined when it did not say. */
async function lookUp(options: NginxOptions, path: string, copy: Copy): Promise<string | undefined> {
  const { url, shopHost, localAddress } = options;
  const headers = { ...copy, Host: shopHost, 'X-Edge-Refresh': 'lookup' };
  const answer = await sendEdgeRequestFor({ url, method: 'HEAD', path, headers, localAddress });
  const status = answer.headers['x-edge-lookup'];
  return typeof status === 'string' && status !== '' ? status : undefined;
}

/** One refresh of one copy; resolves with the status (Next's, or nginx's own 403 outside the ACL). */
export function sendRefresh(options: NginxOptions, path: string, headers: Record<string, string>): Promise<number> {
  const { url, shopHost, localAddress } = options;
  const all = { ...headers, Host: shopHost, 'X-Edge-Refresh': '1' };
  // GET, not HEAD: nginx answers a HEAD once it has the headers and stores the body after, so the
  // next shopper could still get the old copy; a GET ends once the new copy is read whole.
  return sendEdgeRequest({ url, method: 'GET', path, headers: all, localAddress });
}
