import type { z } from 'zod';
import type { Prisma } from '../../generated/prisma/client';
import type { ChangeAuthor } from '../../catalog/price-audit';
import type { DeliveryEffect } from '../../webhooks/apply-delivery';

export interface ShopifyTopicContext {
  shopCurrency: string;
  author: ChangeAuthor;
}

/** One topic: its payload's schema (checked before any write) and how to apply it in the delivery's transaction. */
export interface ShopifyTopicHandler<Schema extends z.ZodType> {
  payload: Schema;
  objectIdOf: (payload: z.infer<Schema>) => string;
  /** The object's time in this payload, which orders its deliveries; null when it has none (a delete). */
  orderedAtOf: (payload: z.infer<Schema>) => Date | null;
  apply: (
    tx: Prisma.TransactionClient,
    payload: z.infer<Schema>,
    context: ShopifyTopicContext,
  ) => Promise<DeliveryEffect>;
}
