import type { CatalogChangeScope } from '../../catalog/change-scope';
import type { DeliveryEffect } from '../../webhooks/apply-delivery';
import type { StripeCatalogEvent, StripeCatalogEventType } from '../objects';

/** Applies one parsed event through the delivery's change (lib/changes). */
export type StripeEventHandler<T extends StripeCatalogEventType> = (
  scope: CatalogChangeScope,
  event: Extract<StripeCatalogEvent, { type: T }>,
) => Promise<DeliveryEffect>;
