import { z } from 'zod';

export const ORDER_STATUSES = ['PAID', 'AWAITING_PAYMENT', 'PAYMENT_FAILED'] as const;

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** Query string of the admin order list; anything malformed falls back to "no filter". */
export const orderFiltersSchema = z.object({
  status: z.preprocess(emptyToUndefined, z.enum(ORDER_STATUSES).optional()).catch(undefined),
  // An HTML checkbox sends its value when ticked and nothing otherwise.
  flagged: z.preprocess((value) => value === '1', z.boolean()).catch(false),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export type OrderFilters = z.output<typeof orderFiltersSchema>;
