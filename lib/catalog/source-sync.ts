/**
 * Writes that come from an outside source of truth (Stripe, Shopify): find or link the product
 * an outside object stands for, create it as a draft when it is new, and apply the source's
 * state. Every function takes the change road's scope (lib/catalog/change-scope.ts): the road
 * writes the audit rows and purges what changed, in the same transaction as the delivery's record.
 *
 * Policy: a source can take a product off sale (draft, archived) but never put one on sale.
 * Publishing, categories and the featured flag stay the admin's decisions.
 */
import type { Prisma, ProductStatus } from '../generated/prisma/client';
import { MAX_PRICE_MINOR } from '../money/limits';
import { SLUG_PATTERN } from '../storefront/paths';
import type { CatalogChangeScope, LockOptions } from './change-scope';

type Tx = Prisma.TransactionClient;

/** How an outside object names our product. */
export type SourceLink = { stripeProductId: string } | { shopifyProductId: string };

const linkedProductSelect = {
  id: true,
  slug: true,
  title: true,
  description: true,
  status: true,
  stripeProductId: true,
  shopifyProductId: true,
  stripeDefaultPriceId: true,
  stripeEventAt: true,
  shopifyUpdatedAt: true,
  shopifyDeletedAt: true,
  variants: {
    select: {
      id: true,
      sku: true,
      title: true,
      price: true,
      currency: true,
      compareAtPrice: true,
      stock: true,
      position: true,
      stripePriceId: true,
      shopifyVariantId: true,
    },
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
  },
} as const satisfies Prisma.ProductSelect;

export type LinkedProduct = Prisma.ProductGetPayload<{ select: typeof linkedProductSelect }>;
export type LinkedVariant = LinkedProduct['variants'][number];

/**
 * The product linked to `link`, locked for the rest of the transaction (the same row lock the
 * product form and bulk changes take first, so concurrent writers queue instead of interleaving).
 * `lock.moving` when the news may take the product off sale (its listings then wait for this change).
 */
export async function lockLinkedProduct(
  scope: CatalogChangeScope,
  link: SourceLink,
  lock: LockOptions = {},
): Promise<LinkedProduct | null> {
  const { tx } = scope;
  const rows =
    'stripeProductId' in link
      ? await tx.$queryRaw<{ id: number }[]>`
          SELECT id FROM "Product" WHERE "stripeProductId" = ${link.stripeProductId} FOR UPDATE`
      : await tx.$queryRaw<{ id: number }[]>`
          SELECT id FROM "Product" WHERE "shopifyProductId" = ${link.shopifyProductId} FOR UPDATE`;
  const id = rows[0]?.id;
  if (id === undefined) return null;
  await scope.lockProducts([id], lock);
  return readLinkedProduct(tx, id);
}

/**
 * Links an existing product to an outside object through a variant sku it carries (the
 * documented convention for catalogs that exist before the source is connected). Only a
 * product not yet linked to that source qualifies. Returns the product, locked, or null.
 */
export async function linkProductBySku(
  scope: CatalogChangeScope,
  skus: readonly string[],
  link: SourceLink,
  lock: LockOptions = {},
): Promise<LinkedProduct | null> {
  const productId = await findUnlinkedProductBySku(scope.tx, skus, link);
  return productId === null ? null : linkProduct(scope, productId, link, {}, lock);
}

/**
 * When a source names a product before saying which of ours it is (Stripe sends product.created
 * before the price.created whose `metadata.sku` links it), we made an empty draft for it. Once
 * `skus` name an existing product not linked to that source, the link moves there and the draft,
 * which nothing refers to, is deleted; the source's bookkeeping on the draft moves along.
 * Returns the existing product, locked, or null when the draft is not empty or no product qualifies.
 */
export async function moveLinkFromEmptyDraft(
  scope: CatalogChangeScope,
  draft: LinkedProduct,
  skus: readonly string[],
  link: SourceLink,
  lock: LockOptions = {},
): Promise<LinkedProduct | null> {
  const { tx } = scope;
  if (!(await isEmptyDraft(tx, draft))) return null;
  const productId = await findUnlinkedProductBySku(tx, skus, link);
  if (productId === null) return null;
  await tx.product.delete({ where: { id: draft.id } }); // frees the link's unique index; a draft is on no page
  const { stripeDefaultPriceId, stripeEventAt, shopifyUpdatedAt, shopifyDeletedAt } = draft;
  const bookkeeping =
    'stripeProductId' in link ? { stripeDefaultPriceId, stripeEventAt } : { shopifyUpdatedAt, shopifyDeletedAt };
  return linkProduct(scope, productId, link, bookkeeping, lock);
}

async function isEmptyDraft(tx: Tx, product: LinkedProduct): Promise<boolean> {
  if (product.status !== 'DRAFT' || product.variants.length > 0) return false;
  if (product.stripeProductId !== null && product.shopifyProductId !== null) return false; // linked twice
  const refs = await tx.product.findUniqueOrThrow({
    where: { id: product.id },
    select: { _count: { select: { categories: true, images: true, priceChanges: true } } },
  });
  return Object.values(refs._count).every((n) => n === 0);
}

async function findUnlinkedProductBySku(tx: Tx, skus: readonly string[], link: SourceLink): Promise<number | null> {
  if (skus.length === 0) return null;
  const unlinked: Prisma.ProductWhereInput =
    'stripeProductId' in link ? { stripeProductId: null } : { shopifyProductId: null };
  const variant = await tx.variant.findFirst({
    where: { sku: { in: [...skus] }, product: unlinked },
    select: { productId: true },
    orderBy: { id: 'asc' },
  });
  return variant?.productId ?? null;
}

async function linkProduct(
  scope: CatalogChangeScope,
  productId: number,
  link: SourceLink,
  sourceState: SourceEdit['sourceState'],
  lock: LockOptions,
): Promise<LinkedProduct> {
  const { tx } = scope;
  await scope.lockProducts([productId], lock);
  await tx.product.update({ where: { id: productId }, data: { ...sourceState, ...link } });
  return readLinkedProduct(tx, productId);
}

export interface NewDraftProduct {
  link: SourceLink;
  title: string;
  description: string;
  /** A handle or name to derive the slug from; a number is appended when it is taken. */
  slugHint: string;
}

/** A product the source knows and we do not: created as a draft, never a live page. */
export async function createDraftProduct(scope: CatalogChangeScope, draft: NewDraftProduct): Promise<LinkedProduct> {
  const { tx } = scope;
  const slug = await freeSlug(tx, slugFrom(draft.slugHint));
  const created = await tx.product.create({
    data: {
      ...draft.link,
      slug,
      title: clip(draft.title, 200) || slug,
      description: draft.description,
      status: 'DRAFT',
    },
    select: { id: true },
  });
  await scope.lockProducts([created.id]); // in no listing yet: so that its later edits are recorded
  return readLinkedProduct(tx, created.id);
}

export interface VariantEdit {
  id: number;
  title?: string;
  price?: number;
  /** null clears it; a compare-at price not above the price is dropped (it would show no saving). */
  compareAtPrice?: number | null;
  stock?: number;
  stripePriceId?: string | null;
  shopifyVariantId?: string;
}

export interface NewVariant {
  sku: string;
  title: string;
  price: number;
  currency: string;
  compareAtPrice: number | null;
  stock: number;
  stripePriceId?: string;
  shopifyVariantId?: string;
}

export interface SourceEdit {
  title?: string;
  /** Blank leaves ours unchanged. */
  description?: string;
  /** Sources may only take a product off sale. */
  status?: Exclude<ProductStatus, 'ACTIVE'>;
  /** The source's bookkeeping on the product row (ordering marks, default price). */
  sourceState?: Pick<
    Prisma.ProductUpdateInput,
    'stripeDefaultPriceId' | 'stripeEventAt' | 'shopifyUpdatedAt' | 'shopifyDeletedAt'
  >;
  variants?: VariantEdit[];
  newVariants?: NewVariant[];
}

export interface SourceEditResult {
  /** Something a shopper sees changed (the product's pages are purged). */
  visible: boolean;
  /** Variants whose price or compare-at price changed (each gets an audit row from the road). */
  priceChanges: number;
}

/** Prices a source sends that the shop cannot hold are refused, never clamped. */
export class UnacceptablePriceError extends Error {
  override name = 'UnacceptablePriceError';
}

/**
 * Applies a source's state to `product` (locked by the caller): product fields, variant prices
 * with an audit row each, new variants. Bumps the product's version whenever anything changed,
 * so a product form opened before this change gets a 409 instead of writing old prices back.
 */
export async function applySourceEdit(
  scope: CatalogChangeScope,
  product: LinkedProduct,
  edit: SourceEdit,
): Promise<SourceEditResult> {
  const { tx } = scope;
  assertAcceptablePrices(product, edit); // before any write, so a refusal leaves nothing half-applied
  let visibleChange = false;

  const productData: Prisma.ProductUpdateInput = { ...edit.sourceState };
  if (edit.title !== undefined && clip(edit.title, 200) && clip(edit.title, 200) !== product.title) {
    productData.title = clip(edit.title, 200);
    visibleChange = true;
  }
  // A source without a description (Stripe's null, Shopify's empty body_html) never erases ours.
  if (edit.description?.trim() && edit.description !== product.description) {
    productData.description = edit.description;
    visibleChange = true;
  }
  if (edit.status !== undefined && edit.status !== product.status) {
    // Taking it off sale moves it out of its listings: the caller must have locked it as a mover.
    await scope.lockProducts([product.id], { moving: true });
    productData.status = edit.status;
    visibleChange = true;
  }

  let priceChanges = 0;
  // Stock alone is not marked: the road's stock rule purges only the pages whose stock state changes.
  let stockChanged = false;
  // In id order, the order checkouts lock variant rows in (lib/checkout): no deadlock between them.
  for (const variantEdit of [...(edit.variants ?? [])].sort((a, b) => a.id - b.id)) {
    const variant = product.variants.find((v) => v.id === variantEdit.id);
    if (!variant) throw new Error(`variant ${variantEdit.id} is not part of product ${product.id}`);
    const outcome = await applyVariantEdit(tx, variant, variantEdit);
    visibleChange ||= outcome.visible;
    stockChanged ||= outcome.stockChanged;
    if (outcome.priceChanged) priceChanges += 1;
  }
  for (const variant of edit.newVariants ?? []) {
    const position = (product.variants.at(-1)?.position ?? 0) + 10 * (1 + (edit.newVariants?.indexOf(variant) ?? 0));
    await tx.variant.create({
      data: {
        ...variant,
        compareAtPrice: compareAtAbove(variant.price, variant.compareAtPrice),
        productId: product.id,
        position,
      },
    });
    visibleChange = true;
  }

  if (visibleChange || stockChanged) productData.version = { increment: 1 };
  if (Object.keys(productData).length > 0) await tx.product.update({ where: { id: product.id }, data: productData });
  if (visibleChange) scope.markChanged(product.id);
  return { visible: visibleChange, priceChanges };
}

async function applyVariantEdit(
  tx: Tx,
  variant: LinkedVariant,
  edit: VariantEdit,
): Promise<{ visible: boolean; priceChanged: boolean; stockChanged: boolean }> {
  const price = edit.price ?? variant.price;
  const requestedCompareAt = edit.compareAtPrice === undefined ? variant.compareAtPrice : edit.compareAtPrice;
  const compareAtPrice = compareAtAbove(price, requestedCompareAt);
  const title = edit.title !== undefined && clip(edit.title, 200) ? clip(edit.title, 200) : variant.title;
  const stock = edit.stock ?? variant.stock;
  const priceChanged = price !== variant.price || compareAtPrice !== variant.compareAtPrice;
  const visible = priceChanged || title !== variant.title;
  const stockChanged = stock !== variant.stock;
  const relinked =
    (edit.stripePriceId !== undefined && edit.stripePriceId !== variant.stripePriceId) ||
    (edit.shopifyVariantId !== undefined && edit.shopifyVariantId !== variant.shopifyVariantId);
  if (!visible && !stockChanged && !relinked) return { visible, priceChanged, stockChanged };

  await tx.variant.update({
    where: { id: variant.id },
    data: {
      title,
      price,
      compareAtPrice,
      stock,
      ...(edit.stripePriceId !== undefined ? { stripePriceId: edit.stripePriceId } : {}),
      ...(edit.shopifyVariantId !== undefined ? { shopifyVariantId: edit.shopifyVariantId } : {}),
      ...(visible || stockChanged ? { version: { increment: 1 } } : {}),
    },
  });
  return { visible, priceChanged, stockChanged };
}

/** Throws UnacceptablePriceError unless `price` is a whole number of minor units the shop can hold. */
export function assertAcceptablePrice(price: number, sku: string): void {
  if (!Number.isSafeInteger(price) || price < 0 || price > MAX_PRICE_MINOR) {
    throw new UnacceptablePriceError(`price ${price} for ${sku} is outside 0..${MAX_PRICE_MINOR} minor units`);
  }
}

function assertAcceptablePrices(product: LinkedProduct, edit: SourceEdit): void {
  for (const { price, compareAtPrice, id } of edit.variants ?? []) {
    const sku = product.variants.find((v) => v.id === id)?.sku ?? `variant ${id}`;
    if (price !== undefined) assertAcceptablePrice(price, sku);
    if (compareAtPrice != null) assertAcceptablePrice(compareAtPrice, sku);
  }
  for (const { price, compareAtPrice, sku } of edit.newVariants ?? []) {
    assertAcceptablePrice(price, sku);
    if (compareAtPrice !== null) assertAcceptablePrice(compareAtPrice, sku);
  }
}

function compareAtAbove(price: number, compareAt: number | null): number | null {
  return compareAt !== null && compareAt > price ? compareAt : null;
}

function readLinkedProduct(tx: Tx, id: number): Promise<LinkedProduct> {
  return tx.product.findUniqueOrThrow({ where: { id }, select: linkedProductSelect });
}

function clip(text: string, max: number): string {
  return text.trim().slice(0, max);
}

/** "Linen Shirt (Blue)!" -> "linen-shirt-blue"; never empty. */
export function slugFrom(hint: string): string {
  const slug = hint
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
  return SLUG_PATTERN.test(slug) ? slug : 'product';
}

async function freeSlug(tx: Tx, base: string): Promise<string> {
  const taken = new Set(
    (await tx.product.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((p) => p.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
