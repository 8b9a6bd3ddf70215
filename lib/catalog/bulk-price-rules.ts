/**
 * The arithmetic of a bulk price change, and what it does to one variant. Pure and
 * integer-only, so the preview, the apply and the page agree to the minor unit, whatever the
 * currency's number of decimals.
 *
 * Rounding rule: a percentage result is rounded half away from zero to the nearest minor unit
 * (1995 − 10 % = 1795.5 → 1796). A result below 0 (a fixed decrease larger than the price;
 * percentages stop at -90 %) or above MAX_PRICE_MINOR is refused, never floored or capped:
 * either would silently hide a typo.
 */
import { MAX_PRICE_MINOR } from '../money/limits';
import { SHOP_CURRENCY } from '../money/shop-currency';

// The shop-wide ceiling lives in lib/money/limits.ts; re-exported so the rules name their bound.
export { MAX_PRICE_MINOR };

export const MIN_PERCENT = -90;
export const MAX_PERCENT = 500;

export type PriceAdjustment =
  /** Percent with at most 2 decimals, between MIN_PERCENT and MAX_PERCENT (-10 lowers by 10 %). */
  | { kind: 'percent'; percent: number }
  /** Signed whole number of minor units added to every price. */
  | { kind: 'fixed'; amountMinor: number };

export type AdjustedPrice =
  { ok: true; priceMinor: number } | { ok: false; reason: 'above-max' | 'below-zero'; priceMinor: number };

const BASIS_POINTS = 10_000n;

/** The new price of `priceMinor` (integer minor units) under `adjustment`. */
export function adjustPrice(priceMinor: number, adjustment: PriceAdjustment): AdjustedPrice {
  if (!Number.isSafeInteger(priceMinor)) throw new RangeError(`price must be integer minor units, got ${priceMinor}`);
  const raw =
    adjustment.kind === 'percent'
      ? applyBasisPoints(priceMinor, percentToBasisPoints(adjustment.percent))
      : priceMinor + fixedAmount(adjustment.amountMinor);
  if (raw > MAX_PRICE_MINOR) return { ok: false, reason: 'above-max', priceMinor: raw };
  if (raw < 0) return { ok: false, reason: 'below-zero', priceMinor: raw };
  return { ok: true, priceMinor: raw };
}

/** -12.5 → -1250. Refuses more than 2 decimals instead of rounding the admin's input. */
export function percentToBasisPoints(percent: number): number {
  if (!Number.isFinite(percent) || percent < MIN_PERCENT || percent > MAX_PERCENT) {
    throw new RangeError(`percent must be between ${MIN_PERCENT} and ${MAX_PERCENT}, got ${percent}`);
  }
  if (!hasAtMostTwoDecimals(percent)) throw new RangeError(`percent has more than 2 decimals: ${percent}`);
  return Math.round(percent * 100);
}

/** 12.5 and -0.25 yes, 0.125 no. */
export function hasAtMostTwoDecimals(value: number): boolean {
  // value * 100 is a float (0.29 * 100 = 28.999999999999996): anything farther than float
  // noise from a whole number had a third decimal.
  return Math.abs(value * 100 - Math.round(value * 100)) <= 1e-6;
}

/** price × (1 + bp / 10 000), rounded half away from zero, in BigInt so nothing drifts. */
function applyBasisPoints(priceMinor: number, basisPoints: number): number {
  const scaled = BigInt(priceMinor) * (BASIS_POINTS + BigInt(basisPoints));
  const quotient = scaled / BASIS_POINTS; // BigInt division truncates toward zero
  const remainder = scaled % BASIS_POINTS;
  const magnitude = remainder < 0n ? -remainder : remainder;
  if (magnitude * 2n < BASIS_POINTS) return Number(quotient);
  return Number(scaled < 0n ? quotient - 1n : quotient + 1n);
}

function fixedAmount(amountMinor: number): number {
  if (!Number.isSafeInteger(amountMinor))
    throw new RangeError(`amount must be integer minor units, got ${amountMinor}`);
  return amountMinor;
}

/**
 * The compare-at price after a change: kept, unless the new price reached it. A "was" price
 * at or below the price would advertise a discount that does not exist, so it is dropped.
 */
export function compareAtAfter(newPriceMinor: number, compareAtMinor: number | null): number | null {
  return compareAtMinor !== null && newPriceMinor >= compareAtMinor ? null : compareAtMinor;
}

/** A variant as read for a bulk change. */
export interface VariantSnapshot {
  id: number;
  productId: number;
  sku: string;
  currency: string;
  price: number;
  compareAtPrice: number | null;
  version: number;
  product: { slug: string; title: string };
}

export interface BulkPriceRow {
  variantId: number;
  productId: number;
  productSlug: string;
  productTitle: string;
  sku: string;
  currency: string;
  oldPrice: number;
  newPrice: number;
  /** The variant's version when read; apply refuses if it moved. */
  version: number;
  compareAtPrice: number | null;
  /** The new price reached the compare-at price, so the compare-at is removed. */
  compareAtDropped: boolean;
  /** Why this price cannot be changed; apply refuses while any row has one. */
  refused: 'above-max' | 'below-zero' | 'other-currency' | null;
  changed: boolean;
}

/** What a change does to one variant: its new price, flags, and whether it is written at all. */
export function previewRow(variant: VariantSnapshot, adjustment: PriceAdjustment): BulkPriceRow {
  const result = adjustPrice(variant.price, adjustment);
  const otherCurrency = adjustment.kind === 'fixed' && variant.currency !== SHOP_CURRENCY;
  const refused = otherCurrency ? 'other-currency' : result.ok ? null : result.reason;
  const newPrice = refused === null ? result.priceMinor : variant.price;
  const changed = refused === null && newPrice !== variant.price;
  return {
    variantId: variant.id,
    productId: variant.productId,
    productSlug: variant.product.slug,
    productTitle: variant.product.title,
    sku: variant.sku,
    currency: variant.currency,
    oldPrice: variant.price,
    newPrice,
    version: variant.version,
    compareAtPrice: variant.compareAtPrice,
    compareAtDropped:
      changed && variant.compareAtPrice !== null && compareAtAfter(newPrice, variant.compareAtPrice) === null,
    refused,
    changed,
  };
}

/** Counts the preview shows next to its table. */
export function totalsOf(rows: readonly BulkPriceRow[]) {
  return {
    products: new Set(rows.map((r) => r.productId)).size,
    variants: rows.length,
    changed: rows.filter((r) => r.changed).length,
    compareAtDropped: rows.filter((r) => r.compareAtDropped).length,
    refused: rows.filter((r) => r.refused !== null).length,
  };
}

export type BulkPriceTotals = ReturnType<typeof totalsOf>;
