/**
 * Varnish: one `PURGE <path>` per page, sent with the shoppers' Host. The shipped VCL
 * (varnish/default.vcl) hashes on the URL alone, so another Host would work there too; a VCL
 * that keeps Varnish's default hash (URL + Host) needs exactly the shoppers' Host, which is why
 * we always send it.
 */
import pLimit from 'p-limit';
import { QUEUE_POLICY } from '../../queue-policy';
import { repeatLater, sendEdgeRequest } from './edge-request';
import type { EdgePurgeResult, EdgeTarget } from './edge-target';

const CONCURRENCY = 16;
export interface VarnishOptions {
  /** Varnish's address, e.g. http://127.0.0.1:6081 */
  url: string;
  /** The Host shoppers use, e.g. shop.example.com */
  shopHost: string;
  /** Source address to send from (tests use it to stand outside the purge ACL). */
  localAddress?: string;
  /**
   * Delay of the second PURGE after a successful one; 0 sends none. A PURGE removes what Varnish
   * holds, not a fetch still in flight: a shopper's miss that reached Next before the
   * regeneration (and answers after the PURGE) is stored afterwards, with the old price. The
   * second PURGE removes that copy too. (Best effort: it is not in the outbox; the VCL's one-hour
   * TTL bounds what a lost one could cost.)
   */
  repurgeAfterMs?: number;
}

export function createVarnishTarget(options: VarnishOptions): EdgeTarget {
  const limit = pLimit(CONCURRENCY);
  const repurgeAfterMs = options.repurgeAfterMs ?? QUEUE_POLICY.inFlightWriteMs;
  return {
    name: 'varnish',
    purge: async (paths) => {
      const purgeAll = (list: readonly string[]) =>
        Promise.all(list.map((path) => limit(() => purgeAtVarnish(options, path))));
      const results = await purgeAll(paths);
      repeatLater(results, repurgeAfterMs, purgeAll);
      return results;
    },
  };
}

async function purgeAtVarnish(options: VarnishOptions, path: string): Promise<EdgePurgeResult> {
  try {
    const status = await sendPurge(options, path);
    // 200: purged. 404 would mean "nothing cached" on some VCLs: also fine.
    if (status === 200 || status === 404) return { path, ok: true };
    return { path, ok: false, error: `varnish answered ${status} to PURGE ${path}` };
  } catch (error) {
    return { path, ok: false, error: `varnish: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Sends one PURGE; resolves with the status code. */
function sendPurge(options: VarnishOptions, path: string): Promise<number> {
  const { url, shopHost, localAddress } = options;
  return sendEdgeRequest({ url, method: 'PURGE', path, headers: { Host: shopHost }, localAddress });
}
