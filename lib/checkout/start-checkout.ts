/**
 * Checkout at the database's price. In one transaction, with the cart's variants locked: every
 * line's price is read from the database and compared with the price the shopper saw (a change
 * answers 409 with both, and nothing is reserved), the stock not held by other checkouts must
 * cover each line, and the checkout is recorded with its lines, which reserve that stock. Only
 * then, outside the transaction, is Stripe asked for a Checkout Session at exactly those prices.
 */
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { requireCartId } from '../cart/cart';
import { lockVariantRows, variantLineName } from '../catalog/variant-rows';
import { getDb } from '../db';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import { HttpError } from '../http/errors';
import type { Money } from '../money/money';
import { getStripe } from '../stripe/client';
import { inTransaction, type Tx } from '../transaction';

const StripeErrors = Stripe.errors;

/** Stripe's shortest Checkout Session is 30 minutes; a few seconds more for the request to reach it. */
const SESSION_MS = 30 * 60 * 1000 + 30_000;
/** The reservation while the session is being made; the session's own expiry replaces it. */
const CREATING_MS = 5 * 60 * 1000;

export interface PriceChange {
  variantId: number;
  sku: string;
  title: string;
  seen: Money;
  now: Money;
}

/** 409: the database's price of some line is not the one the shopper saw. */
export class PricesChangedError extends ConflictError {
  constructor(readonly changes: PriceChange[]) {
    super('Some prices changed since you added them. Please review the new prices before paying.', {
      reason: 'prices-changed',
      changes,
    });
  }
}

/** 409: the stock other checkouts do not hold is short of what the cart asks for. */
export class StockShortError extends ConflictError {
  constructor(
    readonly shortages: { variantId: number; sku: string; title: string; wanted: number; available: number }[],
  ) {
    super(
      `Not enough left: ${shortages.map((s) => `${s.title} (${s.available} available)`).join(', ')}. Please lower the quantity.`,
      { reason: 'stock-short', shortages },
    );
  }
}

interface CheckoutLineToPay {
  variantId: number;
  quantity: number;
  unitPrice: number;
  name: string;
  sku: string;
  stripePriceId: string | null;
}

interface PreparedCheckout {
  id: string;
  currency: string;
  lines: CheckoutLineToPay[];
  /** Sessions of this cart's earlier attempts, expired so they cannot be paid too. */
  superseded: string[];
}

/** Starts paying for the cart: the URL of Stripe's payment page for exactly the database's prices. */
export async function startCheckout(token: string | undefined, origin: string): Promise<{ url: string }> {
  const cartId = requireCartId(token);
  const checkout = await inTransaction((tx) => prepareCheckout(tx, cartId));
  const stripe = getStripe();
  // Stripe's own expiry, counted from now: the reservation below ends with it.
  const expiresAt = new Date(Date.now() + SESSION_MS);
  let session: Stripe.Checkout.Session;
  try {
    session = await createSession(stripe, checkout, origin, expiresAt);
    if (!session.url) throw new Error(`session ${session.id} has no payment page URL`);
  } catch (error) {
    await getDb().checkout.update({ where: { id: checkout.id }, data: { status: 'FAILED' } });
    console.error(`checkout ${checkout.id}: no Stripe session:`, error);
    throw new HttpError(502, 'The payment provider could not be reached. Nothing was charged; please try again.');
  }
  const opened = await getDb().checkout.updateMany({
    where: { id: checkout.id, status: 'CREATING' },
    data: { status: 'OPEN', stripeSessionId: session.id, expiresAt },
  });
  if (opened.count === 0) {
    // A price change cancelled this checkout while its session was being made (lib/checkout/
    // cancel-repriced.ts): that session must not be paid either.
    await expireStripeSessions([session.id]);
    throw new ConflictError('A price changed while the payment page was opening. Please check your cart again.', {
      reason: 'prices-changed',
    });
  }
  // The cart's earlier payment pages: their reservations ended above; closing them at Stripe is
  // best effort, and a payment that still completes on one is flagged CHECKOUT_NOT_HELD.
  await expireStripeSessions(checkout.superseded);
  return { url: session.url };
}

/**
 * Asks Stripe for the session. A linked Stripe price that Stripe refuses (archived or deleted
 * there before its event reached the shop) must not stop the shopper from paying: the session is
 * asked for again with every line priced from the database (`price_data`), at the same amounts.
 */
async function createSession(
  stripe: Stripe,
  checkout: PreparedCheckout,
  origin: string,
  expiresAt: Date,
): Promise<Stripe.Checkout.Session> {
  try {
    return await stripe.checkout.sessions.create(sessionParams(checkout, origin, expiresAt), {
      idempotencyKey: checkout.id,
    });
  } catch (error) {
    const linked = checkout.lines.some((line) => line.stripePriceId);
    const refusedLine =
      error instanceof StripeErrors.StripeInvalidRequestError && /^line_items/.test(error.param ?? '');
    if (!linked || !refusedLine) throw error;
    console.error(
      `checkout ${checkout.id}: Stripe refused a linked price (${error.message}); pricing from the database`,
    );
    const priced = { ...checkout, lines: checkout.lines.map((line) => ({ ...line, stripePriceId: null })) };
    await getDb().checkoutLine.updateMany({ where: { checkoutId: checkout.id }, data: { stripePriceId: null } });
    // Another body, so another key: Stripe refuses a key reused with different parameters.
    return stripe.checkout.sessions.create(sessionParams(priced, origin, expiresAt), {
      idempotencyKey: `${checkout.id}:price-data`,
    });
  }
}

/** Closes payment pages at Stripe so they can no longer be paid (best effort: see the flag above). */
export async function expireStripeSessions(sessionIds: readonly string[]): Promise<void> {
  for (const sessionId of sessionIds) {
    try {
      await getStripe().checkout.sessions.expire(sessionId);
    } catch (error) {
      console.error(`could not expire Stripe session ${sessionId}:`, error);
    }
  }
}

async function prepareCheckout(tx: Tx, cartId: string): Promise<PreparedCheckout> {
  const carts = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Cart" WHERE id = ${cartId} AND "expiresAt" > now() FOR UPDATE`;
  if (carts.length === 0) throw new NotFoundError('Your cart is empty', { reason: 'empty' });
  // Checkout rows before variant rows, the order the order-recording transaction takes too
  // (lib/orders), so a shopper checking out again while a payment completes cannot deadlock it;
  // and the cart's lines read after, so lines a completing payment just bought are gone.
  const superseded = await supersedeEarlierAttempts(tx, cartId);
  const cartLines = await tx.cartLine.findMany({ where: { cartId }, orderBy: { variantId: 'asc' } });
  if (cartLines.length === 0) throw new InvalidInputError('Your cart is empty', { reason: 'empty' });
  const ids = cartLines.map((line) => line.variantId);
  // Variant rows in id order, the order every checkout and order takes: the stock and the
  // reservations read below cannot change until this checkout's own are recorded.
  await lockVariantRows(tx, ids);
  const variants = await tx.variant.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      sku: true,
      title: true,
      price: true,
      currency: true,
      stock: true,
      stripePriceId: true,
      product: { select: { title: true, status: true, _count: { select: { variants: true } } } },
    },
  });
  const byId = new Map(variants.map((v) => [v.id, v]));
  const nameOf = (v: (typeof variants)[number]) => variantLineName(v.product.title, v.title, v.product._count.variants);

  const gone = cartLines.filter((line) => byId.get(line.variantId)?.product.status !== 'ACTIVE');
  if (gone.length > 0) {
    throw new ConflictError('Something in your cart is no longer for sale. Please remove it to continue.', {
      reason: 'unavailable',
      variantIds: gone.map((line) => line.variantId),
    });
  }
  const changes = cartLines.flatMap((line): PriceChange[] => {
    const v = byId.get(line.variantId)!;
    if (line.seenPrice === v.price && line.seenCurrency === v.currency) return [];
    return [
      {
        variantId: v.id,
        sku: v.sku,
        title: nameOf(v),
        seen: { amount: line.seenPrice, currency: line.seenCurrency },
        now: { amount: v.price, currency: v.currency },
      },
    ];
  });
  if (changes.length > 0) throw new PricesChangedError(changes);
  const currencies = new Set(variants.map((v) => v.currency));
  if (currencies.size !== 1) {
    throw new ConflictError('Your cart holds prices in more than one currency. Please keep items in one currency.', {
      reason: 'currency',
    });
  }

  const held = await reservedByOthers(tx, ids);
  const shortages = cartLines.flatMap((line) => {
    const v = byId.get(line.variantId)!;
    const available = Math.max(0, v.stock - (held.get(v.id) ?? 0));
    return line.quantity > available
      ? [{ variantId: v.id, sku: v.sku, title: nameOf(v), wanted: line.quantity, available }]
      : [];
  });
  if (shortages.length > 0) throw new StockShortError(shortages);

  const linkedPrices = await usableStripePrices(tx, variants);
  const lines = cartLines.map((line): CheckoutLineToPay => {
    const v = byId.get(line.variantId)!;
    return {
      variantId: v.id,
      quantity: line.quantity,
      unitPrice: v.price,
      name: nameOf(v),
      sku: v.sku,
      stripePriceId: v.stripePriceId && linkedPrices.has(v.stripePriceId) ? v.stripePriceId : null,
    };
  });
  const id = randomUUID();
  const currency = [...currencies][0]!;
  const expiresAt = new Date(Date.now() + CREATING_MS);
  await tx.checkout.create({
    data: {
      id,
      cartId,
      currency,
      amountTotal: lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0),
      expiresAt,
      lines: {
        create: lines.map(({ variantId, quantity, unitPrice, stripePriceId }) => ({
          variantId,
          quantity,
          unitPrice,
          stripePriceId,
        })),
      },
    },
  });
  return { id, currency, lines, superseded };
}

/** A cart pays once: its earlier open attempts stop holding stock (the shopper left them). */
async function supersedeEarlierAttempts(tx: Tx, cartId: string): Promise<string[]> {
  const earlier = await tx.checkout.findMany({
    where: { cartId, status: { in: ['CREATING', 'OPEN'] } },
    select: { id: true, stripeSessionId: true },
  });
  if (earlier.length === 0) return [];
  await tx.checkout.updateMany({ where: { id: { in: earlier.map((c) => c.id) } }, data: { status: 'EXPIRED' } });
  return earlier.flatMap((c) => (c.stripeSessionId ? [c.stripeSessionId] : []));
}

/** Units of each variant held by checkouts still being paid. */
async function reservedByOthers(tx: Tx, variantIds: number[]): Promise<Map<number, number>> {
  const rows = await tx.$queryRaw<{ variantId: number; quantity: number }[]>`
    SELECT l."variantId", sum(l.quantity)::int AS quantity
    FROM "CheckoutLine" l JOIN "Checkout" c ON c.id = l."checkoutId"
    WHERE l."variantId" = ANY(${variantIds}::int[]) AND c.status IN ('CREATING', 'OPEN') AND c."expiresAt" > now()
    GROUP BY l."variantId"`;
  return new Map(rows.map((row) => [row.variantId, row.quantity]));
}

/**
 * Linked Stripe prices whose amount is exactly the database's: Stripe's own Price then appears
 * on the receipt. Any other (changed, archived, recurring) is not used; the line is priced from
 * the database instead.
 */
async function usableStripePrices(
  tx: Tx,
  variants: { stripePriceId: string | null; price: number; currency: string }[],
): Promise<Set<string>> {
  const ids = variants.flatMap((v) => (v.stripePriceId ? [v.stripePriceId] : []));
  if (ids.length === 0) return new Set();
  const prices = await tx.stripePrice.findMany({
    where: { id: { in: ids }, active: true, deleted: false, recurring: false },
    select: { id: true, unitAmount: true, currency: true },
  });
  return new Set(
    prices
      .filter((p) =>
        variants.some((v) => v.stripePriceId === p.id && v.price === p.unitAmount && v.currency === p.currency),
      )
      .map((p) => p.id),
  );
}

function sessionParams(
  checkout: PreparedCheckout,
  origin: string,
  expiresAt: Date,
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    // Charged in the database's currency and amount: Adaptive Pricing would show and charge the
    // buyer's currency instead, and the order could no longer be checked against the database.
    adaptive_pricing: { enabled: false },
    line_items: checkout.lines.map((line) =>
      line.stripePriceId
        ? { price: line.stripePriceId, quantity: line.quantity }
        : {
            quantity: line.quantity,
            price_data: {
              currency: checkout.currency.toLowerCase(),
              unit_amount: line.unitPrice,
              product_data: { name: line.name, metadata: { sku: line.sku } },
            },
          },
    ),
    client_reference_id: checkout.id,
    metadata: { checkout_id: checkout.id },
    expires_at: Math.floor(expiresAt.getTime() / 1000),
    success_url: `${origin}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${origin}/cart`,
  };
}
