/**
 * Cloudflare purge-by-URL: POST /zones/{zone_id}/purge_cache with {"files": [urls]} and an API
 * token (Zone > Cache Purge permission). Cloudflare limits the URLs per call (30 on older plans,
 * 100 today), so paths are sent in batches. Its answer is {success, errors[], ...}; a 4xx is a
 * configuration problem (bad token, zone), a 5xx or 429 a passing one: both stay pending and the
 * outbox retries them.
 */
import type { EdgePurgeResult, EdgeTarget } from './edge-target';
import { failAll } from './edge-target';

const TIMEOUT_MS = 10_000;

export interface CloudflareOptions {
  zoneId: string;
  apiToken: string;
  /** https://api.cloudflare.com/client/v4 in production; tests point it at a stub. */
  apiBase: string;
  /** The shop's public origin, e.g. https://shop.example.com: Cloudflare purges full URLs. */
  publicOrigin: string;
  batchSize: number;
}

interface CloudflareAnswer {
  success?: boolean;
  errors?: { code?: number; message?: string }[];
}

export function createCloudflareTarget(options: CloudflareOptions): EdgeTarget {
  const purge = async (paths: readonly string[]) => {
    const results: EdgePurgeResult[] = [];
    for (let i = 0; i < paths.length; i += options.batchSize) {
      results.push(...(await purgeBatch(options, paths.slice(i, i + options.batchSize))));
    }
    return results;
  };
  // A purge by URL fetches nothing: forgetting a document is the same call.
  return { name: 'cloudflare', purge, forget: purge };
}

async function purgeBatch(options: CloudflareOptions, paths: readonly string[]): Promise<EdgePurgeResult[]> {
  const origin = options.publicOrigin.replace(/\/+$/, '');
  try {
    const response = await fetch(`${options.apiBase.replace(/\/+$/, '')}/zones/${options.zoneId}/purge_cache`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.apiToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ files: paths.map((path) => `${origin}${path}`) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const answer = (await response.json().catch(() => ({}))) as CloudflareAnswer;
    if (response.ok && answer.success === true) return paths.map((path) => ({ path, ok: true }));
    throw new Error(`cloudflare answered ${response.status}: ${describeErrors(answer)}`);
  } catch (error) {
    return failAll(paths, error);
  }
}

function describeErrors(answer: CloudflareAnswer): string {
  const messages = (answer.errors ?? []).map((e) => `${e.code ?? '?'} ${e.message ?? ''}`.trim());
  return messages.length > 0 ? messages.join('; ') : 'no success in the answer';
}
