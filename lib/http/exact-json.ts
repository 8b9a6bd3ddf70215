/**
 * JSON for bodies whose integers must survive exactly. `JSON.parse` rounds every integer past
 * 2^53 to the nearest double without a word: Shopify's 18-digit ids (`788032119674292922`) come
 * out as a neighbouring id, and a delete would archive the wrong product. Here an integer that a
 * number cannot hold exactly becomes a `bigint`; every other number stays a `number`.
 */
import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';
import { HttpError } from './errors';

function exactNumber(text: string): number | bigint {
  if (isSafeNumber(text)) return Number(text);
  if (isInteger(text)) return BigInt(text);
  // A fraction with more digits than a double holds, or an exponent past its range: refused
  // rather than rounded (neither provider sends such numbers).
  throw new RangeError(`the number ${text.slice(0, 40)} cannot be read exactly`);
}

/**
 * Parses `text`, keeping unsafe integers as bigint. Throws HttpError 400 for anything that is not
 * JSON, including duplicate keys (which `JSON.parse` would silently resolve to the last one).
 */
export function parseExactJson(text: string): unknown {
  let value: unknown;
  try {
    value = parse(text, null, exactNumber);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HttpError(400, `Body is not valid JSON (${reason.slice(0, 200)})`);
  }
  // PostgreSQL text cannot hold U+0000: a body carrying one could be recorded but never applied.
  if (holdsNul(value)) throw new HttpError(400, 'Body holds a U+0000 character, which the shop cannot store');
  return value;
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, item]) => key.includes('\0') || holdsNul(item));
  }
  return false;
}

/** The inverse for tests and fixtures: bigint values are written as their exact digits. */
export function stringifyExactJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('value cannot be serialised as JSON');
  return text;
}
