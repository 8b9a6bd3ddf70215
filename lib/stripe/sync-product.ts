/**
 * Stripe's side of the catalog: keeps what we know of Stripe's prices (the StripePrice table)
 * and turns it, with the product's own fields, into a change of our product through the same
 * catalog code every other source uses.
 */
import type { CatalogChangeScope } from '../catalog/change-scope';
import type { Prisma } from '../generated/prisma/client';
import {
  applySourceEdit,
  createDraftProduct,
  linkProductBySku,
  lockLinkedProduct,
  moveLinkFromEmptyDraft,
  type LinkedProduct,
  type NewVariant,
  type SourceEdit,
} from '../catalog/source-sync';
import { InvalidProductOptionsError, readProductOptions, setProductOptions } from '../catalog/variant-options';
import { ALLOWED_CURRENCIES } from '../money/limits';
import { ignoredDelivery, type DeliveryEffect } from '../webhooks/apply-delivery';
import { shopUnitAmount } from './amounts';
import { choosePrices, type KnownStripePrice } from './choose-prices';
import { optionsOfPrice, skuOfPrice, type StripePriceObject, type StripeProductObject } from './objects';
import { productOptionsFromPrices } from './price-options';

type Tx = Prisma.TransactionClient;

/**
 * Stores a price as of `eventAt` unless we already hold it as of a later event (Stripe delivers
 * out of order). Returns false when the price was left alone because this news is older.
 */
export async function recordStripePrice(
  tx: Tx,
  price: StripePriceObject,
  eventAt: Date,
  deleted: boolean,
): Promise<boolean> {
  // Stored in ISO minor units: Stripe's own unit differs for some currencies (ISK, UGX, MGA).
  // Stripe never changes a price's amount, so rewriting it on conflict only heals a row stored
  // in Stripe's unit before amounts were converted.
  const unitAmount = shopUnitAmount(price).amount;
  const stored = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "StripePrice" (id, "stripeProductId", currency, "unitAmount", recurring, active, "lookupKey", sku,
      options, "stripeCreatedAt", deleted, "eventAt")
    VALUES (${price.id}, ${price.product}, ${price.currency}, ${unitAmount}, ${price.type === 'recurring'},
      ${price.active}, ${price.lookup_key}, ${skuOfPrice(price)}, ${JSON.stringify(optionsOfPrice(price))}::jsonb,
      ${new Date(price.created * 1000)}, ${deleted}, ${eventAt})
    ON CONFLICT (id) DO UPDATE SET active = EXCLUDED.active, "lookupKey" = EXCLUDED."lookupKey", sku = EXCLUDED.sku,
      options = EXCLUDED.options,
      "unitAmount" = EXCLUDED."unitAmount", deleted = "StripePrice".deleted OR EXCLUDED.deleted,
      "eventAt" = EXCLUDED."eventAt"
    WHERE "StripePrice"."eventAt" <= EXCLUDED."eventAt"
    RETURNING id`;
  return stored.length === 1;
}

export interface StripeProductNews {
  object: StripeProductObject;
  deleted: boolean;
  eventAt: Date;
}

/**
 * Brings our product for `stripeProductId` in line with what we know from Stripe. With
 * `productNews` (a product.* event) the product's own fields are applied too, unless a later
 * product event was applied already.
 */
export async function syncStripeProduct(
  scope: CatalogChangeScope,
  stripeProductId: string,
  productNews?: StripeProductNews,
): Promise<DeliveryEffect> {
  const { tx } = scope;
  const link = { stripeProductId };
  // Only product news can take it off sale (archived or deleted in Stripe): price news moves nothing.
  const lock = { moving: productNews !== undefined && (productNews.deleted || !productNews.object.active) };
  let product = await lockLinkedProduct(scope, link, lock);
  if (!product || product.variants.length === 0) {
    const skus = linkingSkus(await knownPrices(tx, stripeProductId), productNews);
    product = product
      ? ((await moveLinkFromEmptyDraft(scope, product, skus, link, lock)) ?? product)
      : await linkProductBySku(scope, skus, link, lock);
  }
  if (!product && productNews && !productNews.deleted) {
    product = await createDraftProduct(scope, {
      link,
      title: productNews.object.name,
      description: productNews.object.description ?? '',
      slugHint: productNews.object.metadata.slug ?? productNews.object.name,
    });
  }
  if (!product)
    return ignoredDelivery(`no product here is linked to ${stripeProductId}; its prices are kept for when one is`);
  // Read under the product's lock: a price event for it that committed while we waited is in the list.
  const prices = await knownPrices(tx, stripeProductId);

  const edit: SourceEdit = {};
  let defaultPriceId = product.stripeDefaultPriceId;
  if (productNews) {
    if (product.stripeEventAt && product.stripeEventAt > productNews.eventAt) {
      return ignoredDelivery(`older than the product event already applied (${product.stripeEventAt.toISOString()})`);
    }
    const { object } = productNews;
    defaultPriceId = object.default_price ?? null;
    edit.sourceState = { stripeEventAt: productNews.eventAt, stripeDefaultPriceId: defaultPriceId };
    edit.title = object.name;
    edit.description = object.description ?? '';
    if (productNews.deleted || !object.active) edit.status = 'ARCHIVED';
  }

  if (product.variants.length === 0) {
    const first = firstVariantFrom(prices, defaultPriceId, product);
    if (first && (await tx.variant.findUnique({ where: { sku: first.sku }, select: { id: true } }))) {
      first.sku = `stripe-${first.stripePriceId}`.slice(0, 64); // the tagged sku belongs to another product
    }
    if (first) edit.newVariants = [first];
  } else {
    const chosen = choosePrices(product.variants, defaultPriceId, prices);
    await releasePriceIds(tx, chosen);
    edit.variants = chosen.map((c) => ({ id: c.variantId, price: c.unitAmount, stripePriceId: c.priceId }));
  }

  const { visible, priceChanges } = await applySourceEdit(scope, product, edit);
  const options = await syncOptions(scope, product.id);
  return {
    outcome: 'APPLIED',
    detail:
      (visible || options.changed
        ? `product ${product.slug}: ${priceChanges} price change(s)`
        : `product ${product.slug}: no visible change`) + options.note,
  };
}

/**
 * The options the variants' linked prices name (`metadata["option.<Name>"]`), once the prices are
 * applied. When no linked price names any, ours stay as they are (Stripe has no options of its
 * own); options that cannot be applied stay as they were, and the delivery says why.
 */
async function syncOptions(scope: CatalogChangeScope, productId: number): Promise<{ changed: boolean; note: string }> {
  const { tx } = scope;
  const variants = await tx.variant.findMany({
    where: { productId },
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
    select: { id: true, stripePriceId: true },
  });
  const priceIds = variants.flatMap((v) => (v.stripePriceId ? [v.stripePriceId] : []));
  const prices = await tx.stripePrice.findMany({
    where: { id: { in: priceIds } },
    select: { id: true, options: true },
  });
  const wanted = productOptionsFromPrices(
    await readProductOptions(tx, productId),
    variants.map((v) => ({ id: v.id, options: optionsStored(prices.find((p) => p.id === v.stripePriceId)?.options) })),
  );
  if (!wanted) return { changed: false, note: '' };
  try {
    const changed = await setProductOptions(scope, productId, wanted);
    return { changed, note: changed ? '; options updated' : '' };
  } catch (error) {
    if (error instanceof InvalidProductOptionsError) return { changed: false, note: `; ${error.message}` };
    throw error;
  }
}

/** A StripePrice row's `options` column: written by recordStripePrice as { name: value }. */
function optionsStored(json: Prisma.JsonValue | undefined): Record<string, string> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  return Object.fromEntries(
    Object.entries(json).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

async function knownPrices(tx: Tx, stripeProductId: string): Promise<KnownStripePrice[]> {
  return tx.stripePrice.findMany({
    where: { stripeProductId },
    select: {
      id: true,
      currency: true,
      unitAmount: true,
      recurring: true,
      active: true,
      deleted: true,
      sku: true,
      stripeCreatedAt: true,
    },
  });
}

function linkingSkus(prices: readonly KnownStripePrice[], news?: StripeProductNews): string[] {
  const skus = prices.flatMap((p) => (p.sku ? [p.sku] : []));
  const productSku = news?.object.metadata.sku?.trim();
  return productSku ? [productSku, ...skus] : skus;
}

/** A price can be linked to one variant only: take it from any variant it is moving away from. */
async function releasePriceIds(tx: Tx, chosen: readonly { variantId: number; priceId: string }[]): Promise<void> {
  for (const { variantId, priceId } of chosen) {
    await tx.variant.updateMany({
      where: { stripePriceId: priceId, id: { not: variantId } },
      data: { stripePriceId: null },
    });
  }
}

/** A product created from Stripe gets one variant from its default (else newest) sellable price. */
function firstVariantFrom(
  prices: readonly KnownStripePrice[],
  defaultPriceId: string | null,
  product: LinkedProduct,
): NewVariant | null {
  const sellable = prices.filter(
    (p): p is KnownStripePrice & { unitAmount: number } =>
      p.active && !p.deleted && !p.recurring && p.unitAmount !== null && isAllowedCurrency(p.currency),
  );
  const price =
    sellable.find((p) => p.id === defaultPriceId) ??
    sellable.sort((a, b) => b.stripeCreatedAt.getTime() - a.stripeCreatedAt.getTime())[0];
  if (!price) return null;
  return {
    sku: price.sku ?? `stripe-${price.id}`.slice(0, 64),
    title: product.title,
    price: price.unitAmount,
    currency: price.currency,
    compareAtPrice: null,
    stock: 0,
    stripePriceId: price.id,
  };
}

function isAllowedCurrency(currency: string): boolean {
  return (ALLOWED_CURRENCIES as readonly string[]).includes(currency);
}
