/**
 * One request to a cache we run in front of the shop (Varnish, nginx), sent with the shoppers'
 * Host. node:http, because fetch may not set Host.
 */
import { Agent, request, type IncomingHttpHeaders } from 'node:http';

const TIMEOUT_MS = 5_000;

/**
 * Connections kept open between requests, as Node's global agent does, except that an idle one is
 * closed after 4 s rather than 5: Varnish closes an idle connection after 5 s (`timeout_idle`),
 * and a request sent on a connection it is closing fails (the outbox would retry it).
 */
const agent = new Agent({ keepAlive: true, maxSockets: 32, timeout: 4_000 });

export interface EdgeRequest {
  /** The edge's address, e.g. http://127.0.0.1:6081 */
  url: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Source address to send from (tests use it to stand outside the edge's ACL). */
  localAddress?: string;
}

/** Sends the request, drains the answer; resolves with the status code. */
export async function sendEdgeRequest(edge: EdgeRequest): Promise<number> {
  return (await sendEdgeRequestFor(edge)).status;
}

/** The same, resolving with the status code and the answer's headers. */
export function sendEdgeRequestFor(edge: EdgeRequest): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  const base = new URL(edge.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port || 80,
        method: edge.method,
        path: edge.path,
        headers: edge.headers,
        localAddress: edge.localAddress,
        agent,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Sends each item again, once, `afterMs` later (0: never): a copy an edge stored beside a
 * shopper's fetch it could not order the refresh after (that fetch may land later, with the old
 * page). Best effort: not in the outbox; the edge's one-hour TTL bounds what a lost one could cost.
 */
export function sendAgainLater<T>(items: readonly T[], afterMs: number, send: (item: T) => Promise<unknown>): void {
  if (afterMs <= 0 || items.length === 0) return;
  setTimeout(() => void Promise.all(items.map((item) => send(item).catch(() => undefined))), afterMs).unref();
}
