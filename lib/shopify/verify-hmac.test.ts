import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { productUpdatePayload } from '../../testing/shopify/fixtures/products-webhook';
import { shopifyRawBody } from '../../testing/shopify/fixtures/raw-body';
import { isValidShopifyHmac, signShopifyBody } from './verify-hmac';

const SECRET = 'test-client-secret';
const rawBody = shopifyRawBody(productUpdatePayload());
const hmac = signShopifyBody(rawBody, SECRET);

describe('signShopifyBody', () => {
  it('is the base64 HMAC-SHA256 of the bytes', () => {
    expect(hmac).toBe(createHmac('sha256', SECRET).update(rawBody).digest('base64'));
    expect(hmac).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('signs a string as its UTF-8 bytes', () => {
    expect(signShopifyBody('{"title":"Café"}', SECRET)).toBe(signShopifyBody(Buffer.from('{"title":"Café"}'), SECRET));
  });
});

describe('isValidShopifyHmac', () => {
  it('accepts the signature of the exact raw body', () => {
    expect(isValidShopifyHmac(rawBody, hmac, SECRET)).toBe(true);
  });

  it('rejects a signature made with another secret', () => {
    expect(isValidShopifyHmac(rawBody, signShopifyBody(rawBody, 'another-secret'), SECRET)).toBe(false);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['empty', ''],
  ])('rejects a missing header (%s)', (_label, header) => {
    expect(isValidShopifyHmac(rawBody, header, SECRET)).toBe(false);
  });

  it('rejects a tampered body', () => {
    const tampered = Buffer.from(rawBody.toString('utf8').replace('"price":"19.99"', '"price":"1.99"'), 'utf8');
    expect(tampered.equals(rawBody)).toBe(false);
    expect(isValidShopifyHmac(tampered, hmac, SECRET)).toBe(false);
  });

  it('rejects a body with a single byte changed', () => {
    const flipped = Buffer.from(rawBody);
    const at = flipped.length - 2;
    flipped.writeUInt8(flipped.readUInt8(at) ^ 1, at);
    expect(isValidShopifyHmac(flipped, hmac, SECRET)).toBe(false);
  });

  it('rejects the same JSON re-serialised, which is why the raw bytes must be kept', () => {
    const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
    const compact = Buffer.from(JSON.stringify(parsed), 'utf8');
    const pretty = Buffer.from(JSON.stringify(parsed, null, 2), 'utf8');

    // Same data, different bytes: Shopify's "\u003cp\u003e" and "\/" come back as "<p>" and "/".
    expect(JSON.parse(compact.toString('utf8'))).toEqual(parsed);
    expect(rawBody.toString('utf8')).toContain('\\u003cp\\u003e');
    expect(compact.toString('utf8')).toContain('<p>');

    expect(isValidShopifyHmac(compact, hmac, SECRET)).toBe(false);
    expect(isValidShopifyHmac(pretty, hmac, SECRET)).toBe(false);
  });

  it('rejects a hex digest of the right HMAC (Shopify sends base64)', () => {
    const hex = createHmac('sha256', SECRET).update(rawBody).digest('hex');
    expect(isValidShopifyHmac(rawBody, hex, SECRET)).toBe(false);
  });

  it.each([
    ['not base64 at all', 'not-a-signature'],
    ['truncated', hmac.slice(0, 40)],
    ['missing padding', hmac.slice(0, 43)],
    ['with surrounding space', ` ${hmac} `],
    ['with a trailing newline', `${hmac}\n`],
    ['twice', hmac + hmac],
    ['multi-byte characters of the same length', `é${hmac.slice(1)}`],
  ])('returns false, never throws, for a malformed header: %s', (_label, header) => {
    expect(() => isValidShopifyHmac(rawBody, header, SECRET)).not.toThrow();
    expect(isValidShopifyHmac(rawBody, header, SECRET)).toBe(false);
  });

  it('rejects the right HMAC written in the base64url alphabet', () => {
    // Find a body whose signature contains "+" or "/", so base64url spells it differently.
    let body = rawBody;
    for (let n = 0; !/[+/]/.test(signShopifyBody(body, SECRET)); n += 1) body = Buffer.from(`{"n":${n}}`);
    const base64url = signShopifyBody(body, SECRET).replaceAll('+', '-').replaceAll('/', '_');
    expect(isValidShopifyHmac(body, signShopifyBody(body, SECRET), SECRET)).toBe(true);
    expect(isValidShopifyHmac(body, base64url, SECRET)).toBe(false);
  });

  it('rejects a non-canonical spelling that decodes to the same bytes (it compares what Shopify sends)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    // The 43rd character carries 4 data bits and 2 padding bits that decoders ignore.
    const last = alphabet.indexOf(hmac.charAt(42));
    const variant = `${hmac.slice(0, 42)}${alphabet.charAt(last ^ 1)}=`;
    expect(Buffer.from(variant, 'base64').equals(Buffer.from(hmac, 'base64'))).toBe(true);
    expect(isValidShopifyHmac(rawBody, variant, SECRET)).toBe(false);
  });

  it('rejects everything when the secret is empty, even a "valid" empty-key HMAC', () => {
    expect(isValidShopifyHmac(rawBody, signShopifyBody(rawBody, ''), '')).toBe(false);
  });

  it('verifies an empty body like any other', () => {
    const empty = Buffer.alloc(0);
    expect(isValidShopifyHmac(empty, signShopifyBody(empty, SECRET), SECRET)).toBe(true);
  });
});
