/**
 * The edge targets this deployment purges, from the validated env. None configured: the outbox
 * behaves exactly as without edge caches (Next's regeneration is the whole purge).
 *
 * To add a CDN: write `lib/revalidation/edge/<cdn>.ts` exporting `create<Cdn>Target(options)`
 * that returns an EdgeTarget (see cloudflare.ts, about 60 lines), add its env to lib/env.ts, and
 * one line below.
 */
import { getEnv, type ServerEnv } from '../../env';
import { createCloudflareTarget } from './cloudflare';
import type { EdgeTarget } from './edge-target';
import { createNginxTarget } from './nginx';
import { createVarnishTarget } from './varnish';

let cached: EdgeTarget[] | undefined;

/** This process's edge targets, built once from the env. */
export function getEdgeTargets(): readonly EdgeTarget[] {
  cached ??= edgeTargetsFromEnv(getEnv());
  return cached;
}

export function edgeTargetsFromEnv(env: ServerEnv): EdgeTarget[] {
  const targets: EdgeTarget[] = [];
  if (env.EDGE_VARNISH_URL && env.EDGE_SHOP_HOST) {
    targets.push(
      createVarnishTarget({
        url: env.EDGE_VARNISH_URL,
        shopHost: env.EDGE_SHOP_HOST,
        refreshAgainAfterMs: env.EDGE_REPURGE_AFTER_MS,
      }),
    );
  }
  if (env.EDGE_NGINX_URL && env.EDGE_SHOP_HOST) {
    targets.push(
      createNginxTarget({
        url: env.EDGE_NGINX_URL,
        shopHost: env.EDGE_SHOP_HOST,
        refreshAgainAfterMs: env.EDGE_REPURGE_AFTER_MS,
      }),
    );
  }
  if (env.CLOUDFLARE_ZONE_ID && env.CLOUDFLARE_API_TOKEN && env.EDGE_SHOP_HOST) {
    targets.push(
      createCloudflareTarget({
        zoneId: env.CLOUDFLARE_ZONE_ID,
        apiToken: env.CLOUDFLARE_API_TOKEN,
        apiBase: env.CLOUDFLARE_API_BASE,
        publicOrigin: `https://${env.EDGE_SHOP_HOST}`,
        batchSize: env.CLOUDFLARE_PURGE_BATCH_SIZE,
      }),
    );
  }
  return targets;
}
