/**
 * price.created, price.updated and price.deleted: remember the price as of the event, then
 * re-work-out the prices of the product it belongs to. A Stripe price's amount never changes,
 * so these events change our prices only by adding, archiving or re-tagging a price.
 */
import type { CatalogChangeScope } from '../../catalog/change-scope';
import { ignoredDelivery, type DeliveryEffect } from '../../webhooks/apply-delivery';
import type { StripePriceObject } from '../objects';
import { shopUnitAmount } from '../amounts';
import { recordStripePrice, syncStripeProduct } from '../sync-product';

export async function applyPriceEvent(
  scope: CatalogChangeScope,
  price: StripePriceObject,
  eventAt: Date,
  deleted: boolean,
): Promise<DeliveryEffect> {
  if (!(await recordStripePrice(scope.tx, price, eventAt, deleted))) {
    return ignoredDelivery(`older than the event already applied to ${price.id}`);
  }
  const effect = await syncStripeProduct(scope, price.product);
  const { refused } = shopUnitAmount(price);
  return refused ? { ...effect, detail: `${refused}; ${effect.detail}` } : effect;
}
