/**
 * product.created, product.updated and product.deleted: the product's name, description and
 * `default_price` (switching it is how Stripe users change "the" price), and taking it off sale.
 */
import type { Prisma } from '../../generated/prisma/client';
import type { ChangeAuthor } from '../../catalog/price-audit';
import type { DeliveryEffect } from '../../webhooks/apply-delivery';
import type { StripeProductObject } from '../objects';
import { syncStripeProduct } from '../sync-product';

export function applyProductEvent(
  tx: Prisma.TransactionClient,
  product: StripeProductObject,
  eventAt: Date,
  deleted: boolean,
  author: ChangeAuthor,
): Promise<DeliveryEffect> {
  return syncStripeProduct(tx, product.id, author, { object: product, deleted, eventAt });
}
