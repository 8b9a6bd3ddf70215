/**
 * The stand-in's Checkout endpoints: the API the shop calls (`/v1/checkout/sessions...`) and the
 * hosted page the buyer's browser opens (`/c/pay/:id`).
 */
import type Stripe from 'stripe';
import { FormReader, parseFormBody } from '../form-body';
import { invalid, missing, notImplemented, StubError } from '../stub-errors';
import { optionalArray, paginate, parseQuery, rejectUnknown } from '../stub-params';
import { isEmail } from './create-params';
import { renderClosedPage, renderNotFoundPage, renderPayPage } from './pay-page';
import type { CheckoutStore } from './sessions';

/** One HTTP answer: JSON for the API, HTML or a redirect for the page. */
export interface Answer {
  status: number;
  json?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

export interface CheckoutRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  requestId: string;
  idempotencyKey: string | undefined;
  /** Where buyers reach the stand-in, for session URLs. */
  payPageBase: string;
}

const SESSION_PATH = /^\/v1\/checkout\/sessions(?:\/([^/]+)(?:\/(line_items|expire))?)?$/;

export function isCheckoutApiPath(path: string): boolean {
  return SESSION_PATH.test(path);
}

export async function handleCheckoutApi(store: CheckoutStore, request: CheckoutRequest): Promise<Answer> {
  const [, rawId, action] = SESSION_PATH.exec(request.path) ?? [];
  const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
  const { method } = request;
  if (id === undefined) {
    if (method !== 'POST') throw notImplemented(`${method} /v1/checkout/sessions`);
    const { stored, expand } = store.create(new FormReader(parseFormBody(request.body)), request.payPageBase);
    return { status: 200, json: store.expanded(stored, expand) };
  }
  if (action === undefined) {
    if (method !== 'GET') throw notImplemented(`${method} /v1/checkout/sessions/:id`);
    const params = parseQuery(request.query);
    rejectUnknown(params, ['expand']);
    return { status: 200, json: store.expanded(await store.touch(id, 'id'), optionalArray(params, 'expand') ?? []) };
  }
  if (action === 'line_items') {
    if (method !== 'GET') throw notImplemented(`${method} ${request.path}`);
    const params = parseQuery(request.query);
    rejectUnknown(params, ['ending_before', 'expand', 'limit', 'starting_after']);
    const expand = optionalArray(params, 'expand') ?? [];
    for (const path of expand) {
      if (path !== 'data.price.product') throw invalid(`This property cannot be expanded (${path}).`, 'expand');
    }
    const items = store.lineItems(await store.touch(id, 'id'), expand.length > 0);
    return { status: 200, json: paginate(items, () => true, params, request.path, 'line item') };
  }
  if (method !== 'POST') throw notImplemented(`${method} ${request.path}`);
  const form = new FormReader(parseFormBody(request.body));
  form.only(['expand']);
  const requestInfo: Stripe.Event.Request = { id: request.requestId, idempotency_key: request.idempotencyKey ?? null };
  return { status: 200, json: store.expanded(await store.expire(id, requestInfo), form.stringList('expand') ?? []) };
}

const PAY_PATH = /^\/c\/pay\/([^/]+)$/;

export function isPayPagePath(path: string): boolean {
  return PAY_PATH.test(path);
}

/** The buyer's page: GET shows it, POST pays (and answers once the shop took the event). */
export async function handlePayPage(store: CheckoutStore, request: CheckoutRequest): Promise<Answer> {
  const id = decodeURIComponent(PAY_PATH.exec(request.path)?.[1] ?? '');
  if (request.method !== 'GET' && request.method !== 'POST') {
    return { status: 405, html: 'Method Not Allowed', headers: { Allow: 'GET, POST' } };
  }
  const stored = await store.touch(id).catch((error: unknown) => {
    if (error instanceof StubError && error.status === 404) return undefined;
    throw error;
  });
  if (stored === undefined) return { status: 404, html: renderNotFoundPage() };
  const items = store.lineItems(stored, false);
  if (stored.session.status !== 'open') {
    return { status: request.method === 'GET' ? 200 : 409, html: renderClosedPage(stored.session, items) };
  }
  if (request.method === 'GET') return { status: 200, html: renderPayPage(stored.session, items) };

  const email = new URLSearchParams(request.body).get('email')?.trim() ?? '';
  if (!isEmail(email)) {
    const message = email === '' ? 'Enter your email address.' : 'Enter an email address like name@example.com.';
    return { status: 422, html: renderPayPage(stored.session, items, { message, email }) };
  }
  const paid = await store.complete(id, { email }).catch((error: unknown) => {
    // Paid or expired by another request since this one looked: show that instead.
    if (error instanceof StubError && error.status === 400) return undefined;
    throw error;
  });
  if (paid === undefined) return { status: 409, html: renderClosedPage(stored.session, items) };
  const successUrl = paid.session.success_url;
  if (successUrl === null) throw missing('success_url', id, 'success_url');
  return { status: 303, headers: { Location: successUrl.replaceAll('{CHECKOUT_SESSION_ID}', id) } };
}
