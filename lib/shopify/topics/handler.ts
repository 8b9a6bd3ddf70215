import type { z } from 'zod';
import type { CatalogChangeScope } from '../../catalog/change-scope';
import type { DeliveryEffect } from '../../webhooks/apply-delivery';

export interface ShopifyTopicContext {
  shopCurrency: string;
}

/** One topic: its payload's schema (checked before any write) and how to apply it through the delivery's change (lib/changes). */
export interface ShopifyTopicHandler<Schema extends z.ZodType> {
  payload: Schema;
  objectIdOf: (payload: z.infer<Schema>) => string;
  /** The object's time in this payload, which orders its deliveries; null when it has none (a delete). */
  orderedAtOf: (payload: z.infer<Schema>) => Date | null;
  apply: (scope: CatalogChangeScope, payload: z.infer<Schema>, context: ShopifyTopicContext) => Promise<DeliveryEffect>;
}
