/**
 * A local stand-in for the parts of the Stripe API the shop uses, so the real SDK can talk to it
 * unchanged:
 *   new Stripe('sk_test_x', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 })
 *
 *   GET /v1/products[/:id]   GET /v1/prices[/:id]                     (./catalog.ts)
 *   POST /v1/checkout/sessions   GET /v1/checkout/sessions/:id[/line_items]
 *   POST /v1/checkout/sessions/:id/expire                             (./checkout/)
 *   GET|POST /c/pay/:id   the hosted checkout page a session's `url` points at (no API key)
 *
 * - Auth: `Authorization: Bearer sk_test_...` (401 otherwise, in Stripe's words).
 * - Catalog objects are served exactly as stored (set them with complete fixtures from ../fixtures).
 *   Lists: `{ object: 'list', data, has_more, url }`, newest first (by `created`, then by the
 *   order they were set), with `limit` (1-100, default 10), `starting_after` / `ending_before`,
 *   the list filters of each endpoint (`active`, `created`, `ids`, `product`, `currency`, ...)
 *   and `expand[]` of `data.product` / `data.default_price`. When `active` is not given, every
 *   price is listed; Stripe's docs describe the endpoint as listing active prices, so don't rely
 *   on a listing without `active` including archived prices in production.
 * - Checkout Sessions (mode=payment, `price` or `price_data` lines) are validated as Stripe does
 *   and live in memory. Paying on the page (or `completeSession`), expiring and settling an async
 *   payment each send Stripe's signed event to the webhook target (`setWebhookTarget`).
 * - POSTs honour `Idempotency-Key`: the same key and body replay the first successful answer
 *   (with `Idempotent-Replayed: true`); the same key with another body is a 400 idempotency_error.
 * - Errors: Stripe's shape `{ error: { type, code, message, param, doc_url, request_log_url } }`:
 *   404 `resource_missing` for unknown ids, 400 for unknown or invalid parameters, 404 for
 *   unknown URLs. Things Stripe supports but this stub does not (other writes, parameters,
 *   expansions) get a 501 `api_error` with `Stripe-Should-Retry: false`, so they are never
 *   mistaken for Stripe's answer.
 * - Headers: `Request-Id: req_...` and `Stripe-Version` (the requested version, else the SDK's).
 *
 * `requests` logs every request received (API and page, with decoded POST bodies); `failNext`
 * simulates outages; `reset` forgets everything but the webhook target.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Stripe from 'stripe';
import { CATALOG_PATH, createCatalog } from './catalog';
import type { BuiltEvent, CheckoutEventType, SentEvent, WebhookTarget } from './checkout/events';
import { deliverEvent } from './checkout/events';
import { handleCheckoutApi, handlePayPage, isCheckoutApiPath, isPayPagePath, type Answer } from './checkout/routes';
import { createCheckoutStore, type CompleteOptions } from './checkout/sessions';
import { stripeRequestId, unixNow } from './fixtures';
import { errorBody, StubError } from './stub-errors';

export type { BuiltEvent, CheckoutEventType, SentEvent, WebhookTarget } from './checkout/events';
export type { CompleteOptions } from './checkout/sessions';

export interface StubRequestLogEntry {
  method: string;
  /** Path without the query string, e.g. `/v1/prices`. */
  path: string;
  /** The decoded query as sent, e.g. `{ limit: '2', starting_after: 'price_...', 'expand[0]': 'data.product' }`. */
  query: Record<string, string>;
  /** The decoded form body as sent, e.g. `{ 'line_items[0][price_data][unit_amount]': '2500' }`; `{}` without one. */
  body: Record<string, string>;
  authorization: string | undefined;
  stripeVersion: string | undefined;
  /** The `Idempotency-Key` header, if any (the SDK sends one with every POST). */
  idempotencyKey: string | undefined;
  /** The HTTP status the stub answered with. */
  status: number;
  /** The `Request-Id` the stub answered with. */
  requestId: string;
}

export interface StripeStubOptions {
  /** Accept only this key (it must still be an `sk_test_` key); by default any `sk_test_` key. */
  apiKey?: string;
  /** The clock of Checkout (created, expires_at, expiry), in seconds since the epoch; default: now. */
  now?: () => number;
  /** Called with each event once the shop answered it (or failed to), e.g. to log it. */
  onEventSent?: (sent: SentEvent) => void;
  /** Called with each request once answered. */
  onRequest?: (entry: StubRequestLogEntry) => void;
}

export interface StartOptions {
  /** Default: any free port. */
  port?: number;
  /**
   * Where a browser reaches the stand-in, for session `url`s; default `http://127.0.0.1:<port>`
   * (a browser on the same machine; it listens on 127.0.0.1 only).
   */
  publicUrl?: string;
}

export interface StartedStripeStub {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Stops the server, closing keep-alive connections too. */
  close(): Promise<void>;
}

export interface StripeStub {
  /**
   * Stores (or replaces) a product. Top-level fields are copied, nested ones (metadata, ...) are
   * shared: to change a stored object, set a new one rather than mutating the fixture.
   */
  setProduct(product: Stripe.Product): void;
  /** Stores (or replaces) a price; same copying rules as `setProduct`. */
  setPrice(price: Stripe.Price): void;
  /** Removes a product, as deleting it in Stripe would; later retrieves answer 404. */
  deleteProduct(id: string): boolean;
  /** Removes a price; later retrieves answer 404. */
  deletePrice(id: string): boolean;
  /** The next `count` API requests (after auth) answer `status` with an `api_error`, as during an outage. */
  failNext(status?: number, count?: number): void;
  /** Where events go (the shop's webhook URL and its `whsec_` secret); null: nowhere (still recorded). */
  setWebhookTarget(target: WebhookTarget | null): void;
  /** Pays an open session as the hosted page does; resolves once the shop answered `checkout.session.completed`. */
  completeSession(id: string, options?: CompleteOptions): Promise<Stripe.Checkout.Session>;
  /** Settles a session completed 'unpaid': sends `checkout.session.async_payment_succeeded` / `_failed`. */
  settleAsyncPayment(id: string, outcome: 'succeeded' | 'failed'): Promise<Stripe.Checkout.Session>;
  /** Expires an open session, as `POST /v1/checkout/sessions/:id/expire` does; sends `checkout.session.expired`. */
  expireSession(id: string): Promise<Stripe.Checkout.Session>;
  /** Expires every open session past its `expires_at` (Stripe does so on its own); resolves with how many. */
  expireDueSessions(): Promise<number>;
  /**
   * The event `type` for the session as it is now, built but not sent (its `created` still
   * counts for the session's order); `body` is the exact string to sign. The type must fit the
   * session's state (`completed` needs a complete session, ...).
   */
  eventFor(sessionId: string, type: CheckoutEventType): BuiltEvent;
  /** Signs and sends a built event to the webhook target and records it, e.g. to replay one. */
  deliverEvent(built: BuiltEvent): Promise<SentEvent>;
  /** Copies of every Checkout Session, by id, as the API would answer them now. */
  readonly checkoutSessions: ReadonlyMap<string, Stripe.Checkout.Session>;
  /** Every event sent, oldest first, with the shop's answer. */
  readonly sentEvents: readonly SentEvent[];
  /** Forgets all objects, sessions, events, idempotency keys, pending failures and the request log. */
  reset(): void;
  /** Every request received, oldest first. */
  readonly requests: readonly StubRequestLogEntry[];
  /** Listens on 127.0.0.1, on `port` or a free one. */
  start(options?: StartOptions): Promise<StartedStripeStub>;
}

interface SavedAnswer {
  method: string;
  path: string;
  body: string;
  answer: Answer;
}

export function createStripeStub(options: StripeStubOptions = {}): StripeStub {
  const catalog = createCatalog();
  const requests: StubRequestLogEntry[] = [];
  const sentEvents: SentEvent[] = [];
  const idempotent = new Map<string, SavedAnswer>();
  const inFlightKeys = new Set<string>();
  const now = options.now ?? unixNow;
  let failures: { status: number; remaining: number } | null = null;
  let server: Server | null = null;
  let webhookTarget: WebhookTarget | null = null;
  let payPageBase = '';

  if (options.apiKey !== undefined && !options.apiKey.startsWith('sk_test_')) {
    throw new TypeError('apiKey must be a test-mode secret key (sk_test_...)');
  }

  async function send(built: BuiltEvent): Promise<SentEvent> {
    const sent = await deliverEvent(webhookTarget, built);
    sentEvents.push(sent);
    options.onEventSent?.(sent);
    return sent;
  }

  const checkout = createCheckoutStore({
    now,
    findPrice: catalog.findPrice,
    findProduct: (id) => catalog.findProduct(id) ?? checkout.findInlineProduct(id),
    send,
  });

  async function handle(req: IncomingMessage, body: string, requestId: string): Promise<Answer> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const idempotencyKey = header(req.headers['idempotency-key']);
    const request = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body,
      requestId,
      idempotencyKey,
      payPageBase,
    };
    // The buyer's browser, not the shop: no API key.
    if (isPayPagePath(url.pathname)) return handlePayPage(checkout, request);

    authenticate(req.headers.authorization, options.apiKey);
    if (failures !== null && failures.remaining > 0) {
      failures.remaining -= 1;
      throw new StubError(
        failures.status,
        {
          type: 'api_error',
          message: `An unknown error occurred (simulated by the Stripe stub, request ${requestId}).`,
        },
        true,
      );
    }
    if (method !== 'POST' || idempotencyKey === undefined) return route(request);
    return idempotently(idempotencyKey, request, () => route(request));
  }

  async function route(request: Parameters<typeof handleCheckoutApi>[1]): Promise<Answer> {
    if (CATALOG_PATH.test(request.path)) {
      return { status: 200, json: catalog.handle(request.method, request.path, request.query) };
    }
    if (isCheckoutApiPath(request.path)) return handleCheckoutApi(checkout, request);
    throw new StubError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${request.method}: ${request.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    });
  }

  /** Stripe saves the answer of a request that ran, and replays it for a retry with the same key. */
  async function idempotently(
    key: string,
    request: { method: string; path: string; body: string },
    run: () => Promise<Answer>,
  ): Promise<Answer> {
    const saved = idempotent.get(key);
    if (saved !== undefined) {
      if (saved.method !== request.method || saved.path !== request.path || saved.body !== request.body) {
        throw new StubError(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        });
      }
      return { ...saved.answer, headers: { ...saved.answer.headers, 'Idempotent-Replayed': 'true' } };
    }
    if (inFlightKeys.has(key)) {
      throw new StubError(409, {
        type: 'idempotency_error',
        message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
      });
    }
    inFlightKeys.add(key);
    try {
      const answer = await run();
      // Only answers of requests that ran are kept; a refused one may be retried with the same key.
      // Kept as the JSON sent, so later changes to the session don't show in a replay (and a price's
      // Decimal keeps its wire form, which structuredClone would lose).
      if (answer.status < 400) idempotent.set(key, { ...request, answer: { ...answer, json: reparsed(answer.json) } });
      return answer;
    } finally {
      inFlightKeys.delete(key);
    }
  }

  function respond(res: ServerResponse, answer: Answer, requestId: string, version: string, retryable: boolean) {
    const headers: Record<string, string> = { 'Request-Id': requestId, ...answer.headers };
    if (answer.html !== undefined) {
      headers['Content-Type'] = 'text/html; charset=utf-8';
      headers['Cache-Control'] = 'no-store';
    } else if (answer.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Stripe-Version'] = version;
    }
    // The stub's own 5xx answers (not implemented, stub bug) would only repeat: tell the SDK not to retry.
    if (answer.status >= 500 && !retryable) headers['Stripe-Should-Retry'] = 'false';
    res.writeHead(answer.status, headers);
    res.end(answer.html ?? (answer.json === undefined ? '' : JSON.stringify(answer.json, null, 2)));
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = stripeRequestId();
    const stripeVersion = header(req.headers['stripe-version']);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let answer: Answer;
    let retryable = false;
    try {
      answer = await handle(req, body, requestId);
    } catch (error) {
      const stubError =
        error instanceof StubError
          ? error
          : new StubError(500, { type: 'api_error', message: `The Stripe stub failed: ${String(error)}` });
      answer = { status: stubError.status, json: errorBody(stubError.body, requestId) };
      retryable = stubError.simulated;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const entry: StubRequestLogEntry = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: Object.fromEntries(new URLSearchParams(body)),
      authorization: req.headers.authorization,
      stripeVersion,
      idempotencyKey: header(req.headers['idempotency-key']),
      status: answer.status,
      requestId,
    };
    requests.push(entry);
    options.onRequest?.(entry);
    respond(res, answer, requestId, stripeVersion ?? Stripe.API_VERSION, retryable);
  }

  const sessionCopy = (stored: { session: Stripe.Checkout.Session }) => structuredClone(stored.session);

  const stub: StripeStub = {
    setProduct: catalog.setProduct,
    setPrice: catalog.setPrice,
    deleteProduct: catalog.deleteProduct,
    deletePrice: catalog.deletePrice,
    failNext(status = 500, count = 1) {
      failures = { status, remaining: count };
    },
    setWebhookTarget(target) {
      if (target !== null && !target.secret.startsWith('whsec_')) {
        throw new TypeError('the webhook secret must be an endpoint signing secret (whsec_...)');
      }
      webhookTarget = target;
    },
    completeSession: async (id, completeOptions) => sessionCopy(await checkout.complete(id, completeOptions)),
    settleAsyncPayment: async (id, outcome) => sessionCopy(await checkout.settle(id, outcome)),
    expireSession: async (id) => sessionCopy(await checkout.expire(id)),
    expireDueSessions: () => checkout.expireDue(),
    eventFor: (sessionId, type) => checkout.eventFor(sessionId, type),
    deliverEvent: (built) => send(built),
    get checkoutSessions() {
      return new Map([...checkout.all()].map((stored) => [stored.session.id, sessionCopy(stored)]));
    },
    sentEvents,
    reset() {
      catalog.reset();
      checkout.reset();
      sentEvents.length = 0;
      idempotent.clear();
      requests.length = 0;
      failures = null;
    },
    requests,
    async start(startOptions = {}) {
      if (server !== null) throw new Error('the Stripe stub is already started');
      const current = createServer((req, res) => {
        serve(req, res).catch((error: unknown) => {
          res.destroy(error instanceof Error ? error : new Error(String(error)));
        });
      });
      server = current;
      try {
        await new Promise<void>((resolve, reject) => {
          current.once('error', reject);
          current.listen(startOptions.port ?? 0, '127.0.0.1', () => {
            current.off('error', reject);
            resolve();
          });
        });
      } catch (error) {
        server = null;
        throw error;
      }
      const address = current.address();
      if (address === null || typeof address === 'string') throw new Error('the Stripe stub has no TCP address');
      const { port } = address;
      const url = `http://127.0.0.1:${port}`;
      payPageBase = (startOptions.publicUrl ?? url).replace(/\/+$/, '');
      return {
        port,
        url,
        close: () =>
          new Promise<void>((resolve, reject) => {
            current.close((error) => {
              server = null;
              if (error) reject(error);
              else resolve();
            });
            current.closeAllConnections();
          }),
      };
    },
  };
  return stub;
}

function authenticate(authorization: string | undefined, expectedKey: string | undefined): void {
  if (authorization === undefined || authorization.trim() === '') {
    throw new StubError(401, {
      type: 'invalid_request_error',
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    });
  }
  const key = apiKeyOf(authorization);
  if (key === undefined || !key.startsWith('sk_test_') || (expectedKey !== undefined && key !== expectedKey)) {
    throw new StubError(401, {
      type: 'invalid_request_error',
      message: `Invalid API Key provided: ${redact(key ?? authorization)}`,
    });
  }
}

/** Stripe takes the key as a Bearer token, or as the user name of Basic auth (`curl -u sk_test_...:`). */
function apiKeyOf(authorization: string): string | undefined {
  const bearer = /^Bearer (\S+)$/.exec(authorization)?.[1];
  if (bearer !== undefined) return bearer;
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization)?.[1];
  return basic === undefined ? undefined : Buffer.from(basic, 'base64').toString('utf8').split(':')[0];
}

/** Stripe shows the start and the last four characters of a rejected key. */
function redact(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  return rest.length <= 4
    ? `${prefix}${'*'.repeat(rest.length)}`
    : `${prefix}${'*'.repeat(rest.length - 4)}${rest.slice(-4)}`;
}

function reparsed(json: unknown): unknown {
  return json === undefined ? undefined : JSON.parse(JSON.stringify(json));
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
