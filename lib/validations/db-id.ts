import { z } from 'zod';

/** PostgreSQL `integer` (int4) holds at most this; a larger id cannot name a row, so it is refused before a query. */
export const MAX_INT4 = 2_147_483_647;

/** A row id as JSON sends it. */
export const dbId = z.number().int().min(1).max(MAX_INT4);

/** A row id from a URL (`/products/42`, `?categoryId=42`): digits only, in int4 range. */
export const dbIdFromText = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'not an id')
  .transform(Number)
  .pipe(dbId);

/** The id in a route parameter or query value, or null when it cannot name a row (answer 404). */
export function dbIdOrNull(value: unknown): number | null {
  const parsed = dbIdFromText.safeParse(value);
  return parsed.success ? parsed.data : null;
}
