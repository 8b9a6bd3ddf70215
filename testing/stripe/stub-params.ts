/** The query parameters of the stub's GET endpoints, read the way Stripe reads them. */
import type Stripe from 'stripe';
import { invalid, missing, notImplemented, unknownParam } from './stub-errors';

export type Param = string | string[] | Record<string, string>;
export type Params = Map<string, Param>;

/**
 * One page of `all` (every stored object, newest first) filtered by `keep`. Cursors are positions
 * in the full order, so a cursor may name an object the filters exclude, as with Stripe; it must
 * exist, though.
 */
export function paginate<T extends { id: string }>(
  all: T[],
  keep: (item: T) => boolean,
  params: Params,
  url: string,
  noun: string,
): Stripe.ApiList<T> {
  const limit = optionalInteger(params, 'limit') ?? 10;
  if (limit < 1) throw invalid('This value must be greater than or equal to 1.', 'limit', 'parameter_invalid_integer');
  if (limit > 100) throw invalid('This value must be less than or equal to 100.', 'limit', 'parameter_invalid_integer');
  const startingAfter = optionalString(params, 'starting_after');
  const endingBefore = optionalString(params, 'ending_before');
  if (startingAfter !== undefined && endingBefore !== undefined) {
    throw invalid('You may only specify one of these parameters: ending_before, starting_after.', 'ending_before');
  }
  const position = (cursor: string, param: string): number => {
    const index = all.findIndex((item) => item.id === cursor);
    if (index === -1) throw missing(noun, cursor, param, 400);
    return index;
  };
  if (endingBefore !== undefined) {
    // The page just before the cursor, still newest first; has_more: more before this page.
    const before = all.slice(0, position(endingBefore, 'ending_before')).filter(keep);
    const start = Math.max(0, before.length - limit);
    return { object: 'list', data: before.slice(start), has_more: start > 0, url };
  }
  const after =
    startingAfter === undefined
      ? all.filter(keep)
      : all.slice(position(startingAfter, 'starting_after') + 1).filter(keep);
  return { object: 'list', data: after.slice(0, limit), has_more: after.length > limit, url };
}

/**
 * Parses the SDK's query encoding: `a=1`, arrays as `a[0]=x&a[1]=y` (or `a[]=x`), hashes as
 * `a[gte]=1`.
 */
export function parseQuery(search: URLSearchParams): Params {
  const params: Params = new Map();
  const arrays = new Map<string, Array<[number, string]>>();
  for (const [rawKey, value] of search) {
    const match = /^([^[\]]+)(?:\[([^[\]]*)\])?$/.exec(rawKey);
    if (!match?.[1]) throw invalid(`Invalid parameter name: ${rawKey}`, rawKey);
    const [, name, sub] = match;
    const existing = params.get(name);
    if (sub === undefined) {
      if (existing !== undefined) throw invalid(`Received both ${name} and ${name}[...] or ${name} twice.`, name);
      params.set(name, value);
    } else if (sub === '' || /^\d+$/.test(sub)) {
      if (existing !== undefined && !Array.isArray(existing)) throw invalid(`Invalid array`, name);
      const entries = arrays.get(name) ?? [];
      entries.push([sub === '' ? entries.length : Number(sub), value]);
      arrays.set(name, entries);
      params.set(name, []);
    } else {
      if (existing !== undefined && (typeof existing === 'string' || Array.isArray(existing))) {
        throw invalid(`Invalid hash`, name);
      }
      params.set(name, { ...(existing ?? {}), [sub]: value });
    }
  }
  for (const [name, entries] of arrays) {
    params.set(
      name,
      entries.sort((a, b) => a[0] - b[0]).map(([, value]) => value),
    );
  }
  return params;
}

export function rejectUnknown(params: Params, allowed: readonly string[]): void {
  for (const name of params.keys()) {
    if (!allowed.includes(name)) {
      throw unknownParam(name);
    }
  }
}

export function optionalString(params: Params, name: string): string | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`Invalid string: ${name}`, name);
  return value;
}

export function optionalArray(params: Params, name: string): string[] | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid('Invalid array', name);
  return value;
}

export function optionalBoolean(params: Params, name: string): boolean | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw invalid(`Invalid boolean: ${value}`, name);
  return value === 'true';
}

export function optionalInteger(params: Params, name: string): number | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalid(`Invalid integer: ${value}`, name, 'parameter_invalid_integer');
  return Number(value);
}

/** `created=123` or `created[gt|gte|lt|lte]=123`. */
export function createdFilter(params: Params): (created: number) => boolean {
  const value = params.get('created');
  if (value === undefined) return () => true;
  if (typeof value === 'string') {
    const exact = optionalInteger(params, 'created');
    return (created) => created === exact;
  }
  if (Array.isArray(value)) throw invalid('Invalid hash', 'created');
  const bounds: Array<(created: number) => boolean> = [];
  for (const [op, raw] of Object.entries(value)) {
    if (!/^\d+$/.test(raw)) throw invalid(`Invalid integer: ${raw}`, `created[${op}]`, 'parameter_invalid_integer');
    const bound = Number(raw);
    if (op === 'gt') bounds.push((c) => c > bound);
    else if (op === 'gte') bounds.push((c) => c >= bound);
    else if (op === 'lt') bounds.push((c) => c < bound);
    else if (op === 'lte') bounds.push((c) => c <= bound);
    else throw invalid(`Received unknown parameter: created[${op}]`, `created[${op}]`, 'parameter_unknown');
  }
  return (created) => bounds.every((test) => test(created));
}

/**
 * Reads `expand[]`: true if `supported` was asked for. Paths Stripe can expand but the stub
 * can't answer 501; anything else is Stripe's 400.
 */
export function expandParam(params: Params, supported: string, alsoReal: readonly string[]): boolean {
  const paths = optionalArray(params, 'expand') ?? [];
  let wanted = false;
  for (const path of paths) {
    if (path === supported) wanted = true;
    else if (alsoReal.includes(path)) throw notImplemented(`expand[]=${path}`);
    else throw invalid(`This property cannot be expanded (${path}).`, 'expand');
  }
  return wanted;
}
