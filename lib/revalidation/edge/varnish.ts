/**
 * Varnish: one refresh per page (`GET <path>` with `X-Edge-Refresh: 1`, as for the nginx edge),
 * sent with the shoppers' Host. The shipped VCL (varnish/default.vcl) looks the page up first: a
 * page it does not hold costs nothing (`X-Edge-Held: no`); a held one is fetched from the shop and
 * stored in place of the cached copy, so the next shopper gets the new page as a hit, never a miss
 * behind a purge, and the answer says `X-Edge-Stored: yes`. The lookup waits for a fetch of the
 * page already in flight, so no older fetch lands after the refresh. Anything else (Next failed,
 * or answered what Varnish does not keep, such as a removed product's 404) and the page is
 * PURGEd, so no shopper is served the old copy. The VCL hashes on the URL alone, so another Host
 * would work there too; a VCL that keeps Varnish's default hash (URL + Host) needs exactly the
 * shoppers' Host, which is why we always send it.
 */
import pLimit from 'p-limit';
import { sendEdgeRequestFor } from './edge-request';
import type { EdgePurgeResult, EdgeTarget } from './edge-target';

const CONCURRENCY = 16;

export interface VarnishOptions {
  /** Varnish's address, e.g. http://127.0.0.1:6081 */
  url: string;
  /** The Host shoppers use, e.g. shop.example.com */
  shopHost: string;
  /** Source address to send from (tests use it to stand outside the purge ACL). */
  localAddress?: string;
}

export function createVarnishTarget(options: VarnishOptions): EdgeTarget {
  const limit = pLimit(CONCURRENCY);
  return {
    name: 'varnish',
    purge: (paths) => Promise.all(paths.map((path) => limit(() => refreshAtVarnish(options, path)))),
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

async function refreshAtVarnish(options: VarnishOptions, path: string): Promise<EdgePurgeResult> {
  let refresh: string;
  try {
    const { status, headers } = await send(options, 'GET', path, { 'X-Edge-Refresh': '1' });
    if (headers['x-edge-held'] === 'no' && status === 200) return { path, ok: true };
    if (headers['x-edge-stored'] === 'yes' && status < 500) return { path, ok: true };
    refresh = `varnish answered ${status} to the refresh of ${path}${headers['x-edge-stored'] ? ' and kept no new copy' : ''}`;
  } catch (error) {
    return { path, ok: false, error: `varnish: ${error instanceof Error ? error.message : String(error)}` };
  }
  // No new copy was stored: drop the old one, so the next shopper gets the page from the shop.
  const purged = await purgeAtVarnish(options, path);
  return purged.ok ? purged : { path, ok: false, error: `${refresh}; ${purged.error}` };
}

function send(options: VarnishOptions, method: 'GET' | 'PURGE', path: string, headers: Record<string, string> = {}) {
  const { url, shopHost, localAddress } = options;
  return sendEdgeRequestFor({ url, method, path, headers: { ...headers, Host: shopHost }, localAddress });
}
