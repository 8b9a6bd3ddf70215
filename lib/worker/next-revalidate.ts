/**
 * Next re-rendering a page inside this `next start` process, without a request. `res.revalidate`
 * in an API route does exactly this: it calls the `revalidate` Next's router server publishes on
 * globalThis (Symbol.for('@next/router-server-methods')), with the build's preview id as the
 * revalidate header. The worker calls it directly, so a change's pages are claimed and rendered
 * the moment its NOTIFY arrives, not after a round trip through its own drain route. Undefined
 * before the router server is up, or if a Next version stops publishing it: the worker then drains
 * through the route, as the timer does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

type Revalidate = (args: { urlPath: string; headers: Record<string, string>; opts: object }) => Promise<void>;
type RouterServerMethods = { revalidate?: Revalidate; nextConfig?: { distDir?: string } };

const ROUTER_SERVER_METHODS = Symbol.for('@next/router-server-methods');
/** Next's PRERENDER_REVALIDATE_HEADER: with the preview id it makes the request a revalidation. */
const REVALIDATE_HEADER = 'x-prerender-revalidate';

let found: ((urlPath: string) => Promise<void>) | undefined;
/** Set once the build's manifest could not be read: looked for once, not on every change. */
let manifestUnreadable = false;

/** This process's page revalidation, once Next's router server has started. */
export function nextRevalidate(): ((urlPath: string) => Promise<void>) | undefined {
  if (found) return found;
  if (manifestUnreadable) return undefined;
  const byProject = (globalThis as Record<symbol, Record<string, RouterServerMethods> | undefined>)[
    ROUTER_SERVER_METHODS
  ];
  const server = Object.values(byProject ?? {}).find((methods) => typeof methods.revalidate === 'function');
  if (!server?.revalidate) return undefined;
  const revalidate = server.revalidate;
  let previewModeId: string;
  try {
    previewModeId = readPreviewModeId(path.resolve(server.nextConfig?.distDir ?? '.next'));
  } catch (error) {
    // No readable manifest where this process looks (started from another directory, say): the
    // worker drains through its route, which needs none.
    console.error('worker: cannot revalidate in process, draining through the route:', (error as Error).message);
    manifestUnreadable = true;
    return undefined;
  }
  found = async (urlPath) => {
    try {
      await revalidate({ urlPath, headers: { [REVALIDATE_HEADER]: previewModeId }, opts: {} });
    } catch (error) {
      // Worded as res.revalidate words it, so the outbox records the same error either way.
      throw new Error(`Failed to revalidate ${urlPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return found;
}

function readPreviewModeId(distDir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(distDir, 'prerender-manifest.json'), 'utf8')) as {
    preview?: { previewModeId?: string };
  };
  const id = manifest.preview?.previewModeId;
  if (!id) throw new Error(`${distDir}/prerender-manifest.json names no preview id: cannot revalidate in process`);
  return id;
}
