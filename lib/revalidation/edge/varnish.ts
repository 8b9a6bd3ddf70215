/**
 * Varnish: one refresh per page (`GET <path>` with `X-Edge-Refresh: 1`, as for the nginx edge),
 * sent with the shoppers' Host. The shipped VCL (varnish/default.vcl) looks the page up first: a
 * page it does not hold costs nothing (`X-Edge-Held: no`); a held one is fetched from the shop and
 * stored in place of the cached copy, so the next shopper gets the new page as a hit, never a miss
 * behind a purge, and the answer says `X-Edge-Stored: yes`. The lookup waits for a shopper's
 * fetch of the page already in flight, so that older fetch cannot land after the refresh
 * (`X-Edge-Held: yes`); a copy refreshed without that order (a page Varnish last did not keep, or
 * a VCL without lookups) is refreshed once more a moment later. Anything else (Next failed,
 * or answered what Varnish does not keep, such as a removed product's 404) and the page is
 * PURGEd, so no shopper is served the old copy. The VCL hashes on the URL alone, so another Host
 * would work there too; a VCL that keeps Varnish's default hash (URL + Host) needs exactly the
 * shoppers' Host, which is why we always send it.
 */
import pLimit from 'p-limit';
import { QUEUE_POLICY } from '../../queue-policy';
import { sendAgainLater, sendEdgeRequestFor } from './edge-request';
import type { EdgePurgeResult, EdgeTarget } from './edge-target';

const CONCURRENCY = 16;

export interface VarnishOptions {
  /** Varnish's address, e.g. http://127.0.0.1:6081 */
  url: string;
  /** The Host shoppers use, e.g. shop.example.com */
  shopHost: string;
  /** Source address to send from (tests use it to stand outside the purge ACL). */
  localAddress?: string;
  /** Delay of the second refresh of a page refreshed beside a fetch Varnish could not order it after; 0: none. */
  refreshAgainAfterMs?: number;
}

export function createVarnishTarget(options: VarnishOptions): EdgeTarget {
  const limit = pLimit(CONCURRENCY);
  const againAfterMs = options.refreshAgainAfterMs ?? QUEUE_POLICY.inFlightWriteMs;
  return {
    name: 'varnish',
    purge: async (paths) => {
      const refreshed = await Promise.all(paths.map((path) => limit(() => refreshAtVarnish(options, path))));
      const again = refreshed.filter((page) => page.again).map((page) => page.result.path);
      sendAgainLater(again, againAfterMs, (path) => limit(() => refreshAtVarnish(options, path)));
      return refreshed.map((page) => page.result);
    },
    forget: (paths) => Promise.all(paths.map((path) => limit(() => purgeAtVarnish(options, path)))),
  };
}

/** Drops the copy, fetching nothing: after a refresh that stored nothing, and to forget the feed. */
async function purgeAtVarnish(options: VarnishOptions, path: string): Promise<EdgePurgeResult> {
  try {
    const { status } = await send(options, 'PURGE', path);
    // 200: purged. 404 would mean "nothing cached" on some VCLs: also fine.
    if (status === 200 || status === 404) return { path, ok: true };
    return { path, ok: false, error: `varnish answered ${status} to PURGE ${path}` };
  } catch (error) {
    return { path, ok: false, error: `varnish: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The page's outcome, and whether to refresh it once more a moment later. */
async function refreshAtVarnish(
  options: VarnishOptions,
  path: string,
): Promise<{ result: EdgePurgeResult; again: boolean }> {
  let refresh: string;
  let held: string | string[] | undefined;
  try {
    const { status, headers } = await send(options, 'GET', path, { 'X-Edge-Refresh': '1' });
    held = headers['x-edge-held'];
    if (held === 'no' && status === 200) return { result: { path, ok: true }, again: false };
    if (headers['x-edge-stored'] === 'yes' && status < 500)
      return { result: { path, ok: true }, again: held !== 'yes' };
    refresh = `varnish answered ${status} to the refresh of ${path}${headers['x-edge-stored'] ? ' and kept no new copy' : ''}`;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { result: { path, ok: false, error: `varnish: ${message}` }, again: false };
  }
  // No new copy was stored: drop the old one, so the next shopper gets the page from the shop. A
  // shopper's fetch Varnish could not order the refresh after may still land: refresh once more.
  const purged = await purgeAtVarnish(options, path);
  if (purged.ok) return { result: purged, again: held !== 'yes' };
  return { result: { path, ok: false, error: `${refresh}; ${purged.error}` }, again: false };
}

function send(options: VarnishOptions, method: 'GET' | 'PURGE', path: string, headers: Record<string, string> = {}) {
  const { url, shopHost, localAddress } = options;
  return sendEdgeRequestFor({ url, method, path, headers: { ...headers, Host: shopHost }, localAddress });
}
