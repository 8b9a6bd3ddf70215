import type { Prisma } from '../../generated/prisma/client';
import type { ChangeAuthor } from '../../catalog/price-audit';
import type { DeliveryEffect } from '../../webhooks/apply-delivery';
import type { StripeCatalogEvent, StripeCatalogEventType } from '../objects';

/** Applies one parsed event inside the delivery's transaction. */
export type StripeEventHandler<T extends StripeCatalogEventType> = (
  tx: Prisma.TransactionClient,
  event: Extract<StripeCatalogEvent, { type: T }>,
  author: ChangeAuthor,
) => Promise<DeliveryEffect>;
