/**
 * product.created, product.updated and product.deleted: the product's name, description and
 * `default_price` (switching it is how Stripe users change "the" price), and taking it off sale.
 */
import type { CatalogChangeScope } from '../../catalog/change-scope';
import type { DeliveryEffect } from '../../webhooks/apply-delivery';
import type { StripeProductObject } from '../objects';
import { syncStripeProduct } from '../sync-product';

export function applyProductEvent(
  scope: CatalogChangeScope,
  product: StripeProductObject,
  eventAt: Date,
  deleted: boolean,
): Promise<DeliveryEffect> {
  return syncStripeProduct(scope, product.id, { object: product, deleted, eventAt });
}
