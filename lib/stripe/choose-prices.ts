/**
 * Which Stripe price each variant sells at, worked out from what we know of the product's
 * prices. Pure, so the order events arrive in does not matter: the answer depends only on the
 * state they leave behind.
 *
 * - A price tagged with a variant's sku (`metadata.sku`, else `lookup_key`) belongs to that
 *   variant; when several are active, the newest (Stripe's `created`) wins, since a price change
 *   in Stripe is a new price and the old one is archived, possibly later.
 * - The product's `default_price`, if it carries no sku of another variant, is the price of the
 *   first variant (by position) and wins over tagged prices for it: switching the default is how
 *   a Stripe user says "this is the price now".
 * - Only one-time prices in the variant's currency with an amount count. A variant no price
 *   applies to keeps its price.
 */
export interface KnownStripePrice {
  id: string;
  currency: string;
  unitAmount: number | null;
  recurring: boolean;
  active: boolean;
  deleted: boolean;
  sku: string | null;
  stripeCreatedAt: Date;
}

export interface VariantForPricing {
  id: number;
  sku: string;
  currency: string;
}

export interface ChosenPrice {
  variantId: number;
  priceId: string;
  unitAmount: number;
}

export function choosePrices(
  variants: readonly VariantForPricing[],
  defaultPriceId: string | null,
  prices: readonly KnownStripePrice[],
): ChosenPrice[] {
  const sellable = (p: KnownStripePrice, currency: string): p is KnownStripePrice & { unitAmount: number } =>
    p.active && !p.deleted && !p.recurring && p.unitAmount !== null && p.currency === currency;
  const defaultPrice = prices.find((p) => p.id === defaultPriceId);
  const defaultOwner = defaultPrice?.sku ? variants.find((v) => v.sku === defaultPrice.sku) : variants[0];

  const chosen: ChosenPrice[] = [];
  for (const variant of variants) {
    if (variant === defaultOwner && defaultPrice && sellable(defaultPrice, variant.currency)) {
      chosen.push({ variantId: variant.id, priceId: defaultPrice.id, unitAmount: defaultPrice.unitAmount });
      continue;
    }
    const newest = prices
      .filter((p) => p.sku === variant.sku)
      .filter((p): p is KnownStripePrice & { unitAmount: number } => sellable(p, variant.currency))
      .sort((a, b) => b.stripeCreatedAt.getTime() - a.stripeCreatedAt.getTime() || (a.id < b.id ? 1 : -1))[0];
    if (newest) chosen.push({ variantId: variant.id, priceId: newest.id, unitAmount: newest.unitAmount });
  }
  return chosen;
}
