import { z } from 'zod';
import { dbIdFromText } from './db-id';
import { pgText } from './pg-text';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** Query string of the admin product list; anything malformed falls back to "no filter". */
export const adminProductFiltersSchema = z.object({
  search: z.preprocess(emptyToUndefined, pgText.max(100).optional()).catch(undefined),
  categoryId: z.preprocess(emptyToUndefined, dbIdFromText.optional()).catch(undefined),
  status: z.preprocess(emptyToUndefined, z.enum(['ACTIVE', 'DRAFT', 'ARCHIVED']).optional()).catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
