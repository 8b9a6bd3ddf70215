/**
 * The form-encoded bodies the SDK POSTs (`line_items[0][price_data][currency]=usd`), read into a
 * tree and checked parameter by parameter the way Stripe checks them: an unknown name is a 400
 * `parameter_unknown`, a name Stripe knows but the stub does not implement a 501.
 */
import { invalid, missingParam, notImplemented, unknownParam } from './stub-errors';

export type FormValue = string | FormHash;
export interface FormHash {
  [key: string]: FormValue;
}

/** Parses `a[b][0][c]=x` pairs into nested hashes; list indices stay keys ('0', '1', ...). */
export function parseFormBody(body: string): FormHash {
  const root: FormHash = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const segments = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!segments?.[1]) throw invalid(`Invalid parameter name: ${rawKey}`, rawKey);
    const path = [segments[1], ...[...(segments[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')];
    let node = root;
    for (const [index, segment] of path.entries()) {
      // `a[]=x` appends, as Rails-style encoders send lists.
      const key = segment === '' ? String(Object.keys(node).length) : segment;
      const existing = node[key];
      if (index === path.length - 1) {
        if (existing !== undefined) throw invalid(`Received ${rawKey} more than once.`, rawKey);
        node[key] = value;
      } else if (existing === undefined) {
        const child: FormHash = {};
        node[key] = child;
        node = child;
      } else if (typeof existing === 'string') {
        throw invalid(`Invalid hash: ${path.slice(0, index + 1).join('.')} is both a value and a hash`, rawKey);
      } else {
        node = existing;
      }
    }
  }
  return root;
}

/** One level of a parsed form, with the parameter names Stripe would print in its errors. */
export class FormReader {
  constructor(
    private readonly hash: FormHash,
    private readonly prefix = '',
  ) {}

  /** `line_items[0][quantity]` for `quantity` read under `line_items[0]`. */
  param(name: string): string {
    return this.prefix === '' ? name : `${this.prefix}[${name}]`;
  }

  has(name: string): boolean {
    return this.hash[name] !== undefined;
  }

  /** Refuses names outside `supported`: 501 for those Stripe has (`alsoReal`), else 400. */
  only(supported: readonly string[], alsoReal: readonly string[] = []): void {
    for (const name of Object.keys(this.hash)) {
      if (supported.includes(name)) continue;
      if (alsoReal.includes(name)) throw notImplemented(`the parameter ${this.param(name)}`);
      throw unknownParam(this.param(name));
    }
  }

  string(name: string): string | undefined {
    const value = this.hash[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalid(`Invalid string: ${this.param(name)}`, this.param(name));
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw missingParam(this.param(name));
    return value;
  }

  integer(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) {
      throw invalid(`Invalid integer: ${value}`, this.param(name), 'parameter_invalid_integer');
    }
    return Number(value);
  }

  hashAt(name: string): FormReader | undefined {
    const value = this.hash[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value === 'string') throw invalid(`Invalid hash`, this.param(name));
    return new FormReader(value, this.param(name));
  }

  /** A hash of strings, e.g. `metadata`. */
  strings(name: string): Record<string, string> | undefined {
    const reader = this.hashAt(name);
    if (reader === undefined) return undefined;
    return Object.fromEntries(Object.keys(reader.hash).map((key) => [key, reader.requiredString(key)]));
  }

  /** A list sent as `name[0]...`, `name[1]...`, in index order. */
  list(name: string): FormReader[] | undefined {
    const reader = this.hashAt(name);
    if (reader === undefined) return undefined;
    const keys = Object.keys(reader.hash);
    if (!keys.every((key) => /^\d+$/.test(key))) throw invalid('Invalid array', this.param(name));
    return keys
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => {
        const item = reader.hashAt(key);
        if (item === undefined) throw invalid('Invalid array', this.param(name));
        return item;
      });
  }

  /** A list of plain values, e.g. `expand[0]=line_items`. */
  stringList(name: string): string[] | undefined {
    const reader = this.hashAt(name);
    if (reader === undefined) return undefined;
    return Object.keys(reader.hash)
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => reader.requiredString(key));
  }
}
