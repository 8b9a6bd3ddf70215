/**
 * The nginx edge (nginx/default.conf): nginx keeps two copies of a page, gzipped and plain, and
 * the app refreshes both after Next regenerated it: `GET <path>` with `X-Edge-Refresh: 1` from an
 * address the config allows skips the cached copy, and nginx stores Next's new answer in its
 * place (a refresh rather than a purge: Debian's cache_purge module crashes nginx 1.22's workers).
 * The next shopper gets the new page from the cache, without a miss.
 */
import pLimit from 'p-limit';
import { QUEUE_POLICY } from '../../queue-policy';
import { repeatLater, sendEdgeRequest } from './edge-request';
import type { EdgePurgeResult, EdgeTarget } from './edge-target';

const CONCURRENCY = 16;
/** The copies the config keys a page by: its Accept-Encoding cut down to gzip or nothing. */
const COPIES: readonly Record<string, string>[] = [{ 'Accept-Encoding': 'gzip' }, {}];
/** Answers the config stores (proxy_cache_valid): any other leaves the old copy in place. */
const STORED = new Set([200, 203, 204, 300, 301, 302, 307, 308, 404, 410]);

export interface NginxOptions {
  /** The edge's address, e.g. http://127.0.0.1:8081 */
  url: string;
  /** The Host shoppers use, e.g. shop.example.com (the config keys without it; sent all the same). */
  shopHost: string;
  /** Source address to send from (tests use it to stand outside the refresh ACL). */
  localAddress?: string;
  /** Delay of the second refresh after a successful one, for a fetch in flight during the first; 0: none. */
  refreshAgainAfterMs?: number;
}

export function createNginxTarget(options: NginxOptions): EdgeTarget {
  const limit = pLimit(CONCURRENCY);
  const againAfterMs = options.refreshAgainAfterMs ?? QUEUE_POLICY.inFlightWriteMs;
  return {
    name: 'nginx',
    purge: async (paths) => {
      const refreshAll = (list: readonly string[]) =>
        Promise.all(list.map((path) => refreshPage(options, path, limit)));
      const results = await refreshAll(paths);
      repeatLater(results, againAfterMs, refreshAll);
      return results;
    },
  };
}

/** Refreshes every copy of `path`; it is done only when each one was replaced. */
async function refreshPage(
  options: NginxOptions,
  path: string,
  limit: ReturnType<typeof pLimit>,
): Promise<EdgePurgeResult> {
  const statuses = await Promise.all(
    COPIES.map((headers) =>
      limit(() => sendRefresh(options, path, headers)).catch((error: unknown) =>
        error instanceof Error ? error.message : String(error),
      ),
    ),
  );
  const failed = statuses.find((status) => typeof status === 'string' || !STORED.has(status));
  if (failed === undefined) return { path, ok: true };
  const reason = typeof failed === 'string' ? failed : `answered ${failed} to the refresh of ${path}`;
  return { path, ok: false, error: `nginx: ${reason}` };
}

/** One refresh of one copy; resolves with the status (Next's, or nginx's own 403 outside the ACL). */
export function sendRefresh(options: NginxOptions, path: string, headers: Record<string, string>): Promise<number> {
  const { url, shopHost, localAddress } = options;
  const all = { ...headers, Host: shopHost, 'X-Edge-Refresh': '1' };
  // GET, not HEAD: nginx answers a HEAD once it has the headers and stores the body after, so the
  // next shopper could still get the old copy; a GET ends once the new copy is read whole.
  return sendEdgeRequest({ url, method: 'GET', path, headers: all, localAddress });
}
