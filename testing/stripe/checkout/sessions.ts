/**
 * The Checkout Sessions the stand-in holds, and their life: open -> complete (paid, or unpaid
 * until an async payment settles) or open -> expired, each step sending Stripe's event for it.
 * An open session past its `expires_at` expires the moment anything touches it.
 */
import type Stripe from 'stripe';
import { stripePrice, stripeProduct, stripePriceId, stripeProductId } from '../fixtures';
import { type FormReader } from '../form-body';
import { invalid, missing, notImplemented } from '../stub-errors';
import { readCreateParams, type InlinePriceData } from './create-params';
import { buildCheckoutEvent, type BuiltEvent, type CheckoutEventType, type SentEvent } from './events';
import { checkoutSessionId, customerDetails, newCheckoutSession, newLineItem, paymentIntentId } from './session-object';

export interface CheckoutStoreDeps {
  /** Seconds since the epoch. */
  now: () => number;
  findPrice: (id: string) => Stripe.Price | undefined;
  findProduct: (id: string) => Stripe.Product | undefined;
  /** Delivers an event (and records it); resolves with the shop's answer. */
  send: (built: BuiltEvent) => Promise<SentEvent>;
}

export interface CompleteOptions {
  /** 'unpaid': completed with a delayed payment method; settle it with `settle`. Default 'paid'. */
  paymentStatus?: 'paid' | 'unpaid';
  /** Default: the session's customer_email, else test-buyer@example.com. */
  email?: string;
}

export interface StoredSession {
  session: Stripe.Checkout.Session;
  lineItems: Stripe.LineItem[];
  /** Products made from `product_data`; served for expansion, not listed with the catalog. */
  inlineProducts: Map<string, Stripe.Product>;
  lastEventCreated: number;
  settled: boolean;
}

const SESSION_EXPANSIONS = ['line_items', 'line_items.data.price.product'];
const REAL_SESSION_EXPANSIONS = [
  'customer',
  'invoice',
  'payment_intent',
  'payment_link',
  'setup_intent',
  'subscription',
];

export type CheckoutStore = ReturnType<typeof createCheckoutStore>;

export function createCheckoutStore(deps: CheckoutStoreDeps) {
  const sessions = new Map<string, StoredSession>();

  /** Sends `type` for the session as it is now; `created` grows strictly per session. */
  function emit(stored: StoredSession, type: CheckoutEventType, request?: Stripe.Event.Request) {
    return deps.send(buildEvent(stored, type, request));
  }

  function buildEvent(stored: StoredSession, type: CheckoutEventType, request?: Stripe.Event.Request): BuiltEvent {
    // The shop orders deliveries about one object by `created`, which has only second resolution.
    stored.lastEventCreated = Math.max(deps.now(), stored.lastEventCreated + 1);
    return buildCheckoutEvent(type, stored.session, stored.lastEventCreated, request);
  }

  /** The session, expired first (with its event) if its time ran out. */
  async function touch(id: string, param = 'session'): Promise<StoredSession> {
    const stored = sessions.get(id);
    if (stored === undefined) throw missing('checkout.session', id, param);
    if (stored.session.status === 'open' && deps.now() >= stored.session.expires_at) {
      await expireStored(stored);
    }
    return stored;
  }

  async function expireStored(stored: StoredSession, request?: Stripe.Event.Request): Promise<void> {
    // Changed before the event goes out, so a concurrent touch never expires it twice.
    Object.assign(stored.session, { status: 'expired', url: null });
    await emit(stored, 'checkout.session.expired', request);
  }

  function inlinePrice(data: InlinePriceData, created: number) {
    const product =
      typeof data.product === 'string'
        ? null
        : stripeProduct({
            id: stripeProductId(),
            created,
            default_price: null,
            marketing_features: [],
            ...data.product,
          });
    const price = stripePrice({
      id: stripePriceId(),
      active: false,
      created,
      currency: data.currency,
      metadata: {},
      product: product?.id ?? (data.product as string),
      unit_amount: data.unitAmount,
    });
    return { price, product };
  }

  function productOf(stored: StoredSession, price: Stripe.Price): Stripe.Product | string {
    const id = typeof price.product === 'string' ? price.product : price.product.id;
    const product = stored.inlineProducts.get(id) ?? deps.findProduct(id);
    if (product === undefined) throw notImplemented(`expanding product ${id}, which it does not hold`);
    return product;
  }

  /** The line items, with `price.product` expanded when asked. */
  function lineItems(stored: StoredSession, expandProduct: boolean): Stripe.LineItem[] {
    return stored.lineItems.map((item) =>
      expandProduct && item.price !== null
        ? { ...item, price: { ...item.price, product: productOf(stored, item.price) } }
        : item,
    );
  }

  function expanded(stored: StoredSession, expand: readonly string[]): Stripe.Checkout.Session {
    for (const path of expand) {
      if (REAL_SESSION_EXPANSIONS.includes(path)) throw notImplemented(`expand[]=${path}`);
      if (!SESSION_EXPANSIONS.includes(path)) {
        throw invalid(`This property cannot be expanded (${path}).`, 'expand');
      }
    }
    if (!expand.some((path) => path.startsWith('line_items'))) return stored.session;
    const data = lineItems(stored, expand.includes('line_items.data.price.product'));
    const url = `/v1/checkout/sessions/${stored.session.id}/line_items`;
    // An expanded list holds its first page, as Stripe's does.
    return {
      ...stored.session,
      line_items: { object: 'list', data: data.slice(0, 10), has_more: data.length > 10, url },
    };
  }

  function requireStatus(stored: StoredSession, status: Stripe.Checkout.Session.Status, doing: string): void {
    if (stored.session.status !== status) {
      throw invalid(
        `This Checkout Session is ${stored.session.status}; only ${status} sessions can be ${doing}.`,
        'session',
      );
    }
  }

  return {
    create(form: FormReader, payPageBase: string): { stored: StoredSession; expand: string[] } {
      const now = deps.now();
      const input = readCreateParams(form, {
        now,
        findPrice: deps.findPrice,
        findProduct: deps.findProduct,
        inlinePrice: (data) => inlinePrice(data, now),
      });
      const inlineProducts = new Map<string, Stripe.Product>();
      for (const line of input.lines)
        if (line.inlineProduct) inlineProducts.set(line.inlineProduct.id, line.inlineProduct);
      const items = input.lines.map((line) => {
        const productId = typeof line.price.product === 'string' ? line.price.product : line.price.product.id;
        return newLineItem(line, (inlineProducts.get(productId) ?? deps.findProduct(productId))?.name ?? null);
      });
      const id = checkoutSessionId();
      const session = newCheckoutSession(input, items, { id, created: now, url: `${payPageBase}/c/pay/${id}` });
      const stored: StoredSession = { session, lineItems: items, inlineProducts, lastEventCreated: 0, settled: false };
      sessions.set(id, stored);
      return { stored, expand: input.expand };
    },
    touch,
    expanded,
    lineItems,
    async expire(id: string, request?: Stripe.Event.Request): Promise<StoredSession> {
      const stored = await touch(id);
      requireStatus(stored, 'open', 'expired');
      await expireStored(stored, request);
      return stored;
    },
    async complete(id: string, options: CompleteOptions = {}): Promise<StoredSession> {
      const stored = await touch(id);
      requireStatus(stored, 'open', 'completed');
      Object.assign(stored.session, {
        status: 'complete',
        payment_status: options.paymentStatus ?? 'paid',
        payment_intent: paymentIntentId(),
        customer_details: customerDetails(options.email ?? stored.session.customer_email ?? 'test-buyer@example.com'),
        url: null,
      });
      await emit(stored, 'checkout.session.completed');
      return stored;
    },
    async settle(id: string, outcome: 'succeeded' | 'failed'): Promise<StoredSession> {
      const stored = await touch(id);
      requireStatus(stored, 'complete', 'settled');
      if (stored.session.payment_status !== 'unpaid' || stored.settled) {
        throw invalid('This Checkout Session has no payment waiting to settle.', 'session');
      }
      stored.settled = true;
      if (outcome === 'succeeded') stored.session.payment_status = 'paid';
      await emit(stored, `checkout.session.async_payment_${outcome}`);
      return stored;
    },
    /** The event for the session as it is now, not sent; its type must match the session's state. */
    eventFor(id: string, type: CheckoutEventType): BuiltEvent {
      const stored = sessions.get(id);
      if (stored === undefined) throw missing('checkout.session', id, 'session');
      const { status, payment_status: paid } = stored.session;
      const fits =
        (type === 'checkout.session.completed' && status === 'complete') ||
        (type === 'checkout.session.expired' && status === 'expired') ||
        (type === 'checkout.session.async_payment_succeeded' && status === 'complete' && paid === 'paid') ||
        (type === 'checkout.session.async_payment_failed' && status === 'complete' && paid === 'unpaid');
      if (!fits) throw new Error(`${type} does not fit session ${id}, which is ${status} and ${paid}`);
      return buildEvent(stored, type);
    },
    /** Expires every open session past its time; resolves with how many. */
    async expireDue(): Promise<number> {
      let expired = 0;
      for (const stored of [...sessions.values()]) {
        // Checked one by one: a request may have expired it while an earlier event was going out.
        if (stored.session.status !== 'open' || deps.now() < stored.session.expires_at) continue;
        await expireStored(stored);
        expired += 1;
      }
      return expired;
    },
    findInlineProduct(id: string): Stripe.Product | undefined {
      for (const stored of sessions.values()) {
        const product = stored.inlineProducts.get(id);
        if (product) return product;
      }
      return undefined;
    },
    all: (): IterableIterator<StoredSession> => sessions.values(),
    reset: () => sessions.clear(),
  };
}
