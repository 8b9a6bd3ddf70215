import { z } from 'zod';

/**
 * PostgreSQL text cannot hold U+0000: a NUL in a query parameter fails the whole statement
 * ("invalid byte sequence for encoding UTF8: 0x00", a 500), so input that reaches a query is
 * refused before it.
 */
export function hasNoNul(text: string): boolean {
  return !text.includes('\u0000');
}

/** A string PostgreSQL can store or compare. */
export const pgText = z.string().refine(hasNoNul, 'Must not contain a NUL character');
