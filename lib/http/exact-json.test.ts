import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpError } from './errors';
import { parseExactJson, stringifyExactJson } from './exact-json';

/** What a parse of `text` did: its value, or the status it was refused with (anything else is a bug). */
function outcomeOf(text: string): { value: unknown } | { refused: number } {
  try {
    return { value: parseExactJson(text) };
  } catch (error) {
    if (error instanceof HttpError) return { refused: error.status };
    throw error;
  }
}

describe('parseExactJson', () => {
  it('keeps an 18-digit id exact, where JSON.parse rounds it to another id', () => {
    const body = '{"id":788032119674292922}';
    expect(JSON.parse(body)).toEqual({ id: 788032119674292900 });
    expect(parseExactJson(body)).toEqual({ id: 788032119674292922n });
  });

  it('leaves numbers a double holds exactly as numbers', () => {
    expect(parseExactJson('{"a":42,"b":-0.5,"c":9007199254740991,"d":1e3}')).toEqual({
      a: 42,
      b: -0.5,
      c: 9007199254740991,
      d: 1000,
    });
  });

  it.each([
    ['not JSON', 'price=12'],
    ['truncated', '{"id": 1'],
    ['empty', ''],
    ['a duplicate key (JSON.parse would keep the last)', '{"id":1,"id":2}'],
    ['a fraction a double cannot hold', '{"amount":1.0000000000000001}'],
    ['a number out of range', '{"amount":1e400}'],
    ['a U+0000 in a string (the database cannot store it)', '{"title":"a\\u0000b"}'],
    ['a U+0000 in a key', '{"a\\u0000":1}'],
  ])('refuses %s with 400', (_label, body) => {
    expect(outcomeOf(body)).toEqual({ refused: 400 });
  });

  it('any text either parses or is refused with 400, never another error', () => {
    const jsonish = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .tuple(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.nat(),
          fc.string({ maxLength: 3 }),
        )
        .map(([text, at, junk]) => text.slice(0, at % (text.length + 1)) + junk + text.slice(at % (text.length + 1))),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        const outcome = outcomeOf(text);
        if ('refused' in outcome) expect(outcome.refused).toBe(400);
      }),
      { numRuns: 2_000 },
    );
  });

  it('round-trips any JSON value, integers of any size exactly', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((n) => (Number.isSafeInteger(Number(n)) ? Number(n) : n)),
        // Whole doubles past 2^53 are integers of that size: they come back as bigint (covered above).
        fc
          .double({ noNaN: true, noDefaultInfinity: true })
          .filter((d) => !Object.is(d, -0) && (Number.isSafeInteger(d) || !Number.isInteger(d))),
        fc.string().filter((text) => !text.includes('\0')),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        // (keys too: fc.dictionary's keys are strings)
        if (JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? 0 : x)).includes('\\u0000')) return;
        expect(parseExactJson(stringifyExactJson(v))).toEqual(v);
      }),
      { numRuns: 1_000 },
    );
  });
});
