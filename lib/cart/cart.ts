/**
 * The shopper's cart, kept on the server: lines name variants and quantities, never a price to
 * charge. Prices always come from the variant rows; `seenPrice` only records what the shopper
 * was shown, so checkout can tell them when the database's price is not what they saw.
 */
import { ConflictError, NotFoundError } from '../errors';
import type { ImageView, StockState } from '../catalog/types';
import { stockStateOf } from '../catalog/stock-state';
import { getDb } from '../db';
import type { Money } from '../money/money';
import { inTransaction, type Tx } from '../transaction';
import { MAX_CART_LINES, MAX_LINE_QUANTITY, type AcceptedPrice, type AddToCartInput } from '../validations/cart';
import { CART_TTL_DAYS, cartIdOf, newCartToken } from './cart-token';

export interface CartLineView {
  variantId: number;
  sku: string;
  productSlug: string;
  productTitle: string;
  /** Empty for a product's only variant. */
  variantTitle: string;
  image: ImageView | null;
  quantity: number;
  /** The database's price now: what checkout charges. */
  price: Money;
  /** What the shopper was shown when adding it (or last confirmed). */
  seenPrice: Money;
  priceChanged: boolean;
  lineTotal: Money;
  stockState: StockState;
  /** The most this line can hold: the stock, and never more than MAX_LINE_QUANTITY. */
  maxQuantity: number;
  /** Still on sale and in stock. */
  available: boolean;
}

export interface CartView {
  lines: CartLineView[];
  /** Units in the cart (the header's count). */
  count: number;
  /** Null for an empty cart, or (only after a price moved to another currency) a mixed one. */
  subtotal: Money | null;
  currency: string | null;
}

const EMPTY_CART: CartView = { lines: [], count: 0, subtotal: null, currency: null };

const expiry = () => new Date(Date.now() + CART_TTL_DAYS * 24 * 60 * 60 * 1000);

/** The cart the cookie's token names, or an empty one (no cookie, an unknown or expired cart). */
export async function readCart(token: string | undefined): Promise<CartView> {
  const cartId = cartIdOf(token);
  if (!cartId) return EMPTY_CART;
  const cart = await getDb().cart.findFirst({
    where: { id: cartId, expiresAt: { gt: new Date() } },
    select: {
      lines: {
        orderBy: { addedAt: 'asc' },
        select: {
          quantity: true,
          seenPrice: true,
          seenCurrency: true,
          variant: {
            select: {
              id: true,
              sku: true,
              title: true,
              price: true,
              currency: true,
              stock: true,
              product: {
                select: {
                  slug: true,
                  title: true,
                  status: true,
                  _count: { select: { variants: true } },
                  images: {
                    orderBy: { position: 'asc' },
                    take: 1,
                    select: { url: true, alt: true, width: true, height: true },
                  },
                },
              },
            },
          },
        },
      },
    },
  });
  if (!cart) return EMPTY_CART;
  const lines = cart.lines.map(({ quantity, seenPrice, seenCurrency, variant }): CartLineView => {
    const { product } = variant;
    const price = { amount: variant.price, currency: variant.currency };
    return {
      variantId: variant.id,
      sku: variant.sku,
      productSlug: product.slug,
      productTitle: product.title,
      variantTitle: product._count.variants > 1 ? variant.title : '',
      image: product.images[0] ?? null,
      quantity,
      price,
      seenPrice: { amount: seenPrice, currency: seenCurrency },
      priceChanged: seenPrice !== variant.price || seenCurrency !== variant.currency,
      lineTotal: { amount: variant.price * quantity, currency: variant.currency },
      stockState: stockStateOf(variant.stock),
      maxQuantity: Math.max(0, Math.min(variant.stock, MAX_LINE_QUANTITY)),
      available: product.status === 'ACTIVE' && variant.stock > 0,
    };
  });
  const currencies = new Set(lines.map((line) => line.price.currency));
  const currency = currencies.size === 1 ? [...currencies][0]! : null;
  return {
    lines,
    count: lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotal: currency ? { amount: lines.reduce((sum, l) => sum + l.lineTotal.amount, 0), currency } : null,
    currency,
  };
}

/**
 * Adds a variant (creating the cart when the shopper has none) and returns the cart's token.
 * Refused when the variant is not for sale, when the cart would hold more than the stock, or
 * when the cart's prices are in another currency: one cart, one currency.
 */
export async function addToCart(token: string | undefined, input: AddToCartInput): Promise<{ token: string }> {
  const existingId = cartIdOf(token);
  const cartToken = existingId && token ? token : newCartToken();
  const cartId = cartIdOf(cartToken)!;
  await inTransaction(async (tx) => {
    const variant = await tx.variant.findUnique({
      where: { id: input.variantId },
      select: { id: true, price: true, currency: true, stock: true, product: { select: { status: true } } },
    });
    if (!variant || variant.product.status !== 'ACTIVE')
      throw new NotFoundError('This product is not for sale', { reason: 'not-for-sale' });
    await lockCart(tx, cartId);
    const lines = await tx.cartLine.findMany({
      where: { cartId },
      select: { variantId: true, quantity: true, variant: { select: { currency: true } } },
    });
    const otherCurrency = lines.find((l) => l.variantId !== variant.id && l.variant.currency !== variant.currency);
    if (otherCurrency) {
      throw new ConflictError(
        `Your cart holds prices in ${otherCurrency.variant.currency}; check out or empty it before adding prices in ${variant.currency}.`,
        { reason: 'currency' },
      );
    }
    const existing = lines.find((l) => l.variantId === variant.id);
    if (!existing && lines.length >= MAX_CART_LINES) {
      throw new ConflictError(`A cart holds at most ${MAX_CART_LINES} different items.`, { reason: 'cart-full' });
    }
    const quantity = (existing?.quantity ?? 0) + input.quantity;
    assertWithinStock(quantity, variant.stock);
    const seen = input.seenPrice ?? { amount: variant.price, currency: variant.currency };
    await tx.cartLine.upsert({
      where: { cartId_variantId: { cartId, variantId: variant.id } },
      create: { cartId, variantId: variant.id, quantity, seenPrice: seen.amount, seenCurrency: seen.currency },
      update: { quantity, seenPrice: seen.amount, seenCurrency: seen.currency },
    });
  });
  // Carts are born here, so here the abandoned ones go (a bounded batch; the next new cart goes on).
  if (cartToken !== token) await pruneExpiredCarts().catch(() => undefined);
  return { token: cartToken };
}

/** Sets a line's quantity; 0 removes it. */
export async function setLineQuantity(token: string | undefined, variantId: number, quantity: number): Promise<void> {
  const cartId = requireCartId(token);
  if (quantity === 0) return removeLine(token, variantId);
  await inTransaction(async (tx) => {
    await lockCart(tx, cartId);
    const line = await tx.cartLine.findUnique({
      where: { cartId_variantId: { cartId, variantId } },
      select: { variant: { select: { stock: true } } },
    });
    if (!line) throw new NotFoundError('That item is not in your cart', { reason: 'invalid' });
    assertWithinStock(quantity, line.variant.stock);
    await tx.cartLine.update({ where: { cartId_variantId: { cartId, variantId } }, data: { quantity } });
  });
}

export async function removeLine(token: string | undefined, variantId: number): Promise<void> {
  const cartId = requireCartId(token);
  await getDb().cartLine.deleteMany({ where: { cartId, variantId } });
}

/**
 * The shopper accepts the new prices the cart page showed them: those (not whatever the database
 * holds by now) become the prices they have seen, so checkout compares against what they accepted.
 */
export async function confirmCartPrices(token: string | undefined, accepted: readonly AcceptedPrice[]): Promise<void> {
  const cartId = requireCartId(token);
  await inTransaction(async (tx) => {
    for (const price of accepted) {
      await tx.cartLine.updateMany({
        where: { cartId, variantId: price.variantId },
        data: { seenPrice: price.amount, seenCurrency: price.currency },
      });
    }
  });
}

/** Deletes carts unused past their expiry (with their lines), at most `limit` at a time. */
export async function pruneExpiredCarts(limit = 500): Promise<number> {
  return getDb().$executeRaw`
    DELETE FROM "Cart" WHERE id IN (SELECT id FROM "Cart" WHERE "expiresAt" < now() LIMIT ${limit})`;
}

export function requireCartId(token: string | undefined): string {
  const cartId = cartIdOf(token);
  if (!cartId) throw new NotFoundError('Your cart is empty', { reason: 'empty' });
  return cartId;
}

/** Creates the cart if needed, moves its expiry on, and holds it until the transaction ends. */
async function lockCart(tx: Tx, cartId: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "Cart" (id, "updatedAt", "expiresAt") VALUES (${cartId}, now(), ${expiry()})
    ON CONFLICT (id) DO UPDATE SET "updatedAt" = now(), "expiresAt" = EXCLUDED."expiresAt"`;
  await tx.$queryRaw`SELECT id FROM "Cart" WHERE id = ${cartId} FOR UPDATE`;
}

function assertWithinStock(quantity: number, stock: number): void {
  if (stock <= 0) throw new ConflictError('Sorry, this is sold out.', { reason: 'sold-out' });
  if (quantity > stock)
    throw new ConflictError(`Only ${stock} left: your cart cannot hold more.`, { reason: 'stock-limit' });
  if (quantity > MAX_LINE_QUANTITY) {
    throw new ConflictError(`A cart holds at most ${MAX_LINE_QUANTITY} of one item.`, { reason: 'stock-limit' });
  }
}
