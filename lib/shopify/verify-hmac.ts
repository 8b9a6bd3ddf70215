import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Shopify signs every HTTPS webhook delivery: `X-Shopify-Hmac-Sha256` is the base64 of
 * HMAC-SHA256(raw request body, app client secret).
 *
 * The HMAC covers the exact bytes Shopify sent, so it must be computed over the raw body,
 * never over `JSON.stringify(JSON.parse(body))`. Re-serialised JSON is different bytes even
 * when it means the same thing: Shopify escapes characters that JSON.stringify leaves alone
 * (body_html arrives as "\u003cp\u003e…"), its spacing and key order are its own, and
 * product ids beyond 2^53 lose digits in JSON.parse. Any of these changes the HMAC and a
 * genuine delivery would be rejected (or, verifying the wrong thing, a forged one accepted).
 * In a pages/api route that means `export const config = { api: { bodyParser: false } }` and
 * reading the request stream into a Buffer before parsing it.
 */

/** A SHA-256 digest is 32 bytes: 44 base64 characters, the last one padding. */
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

/** The base64 HMAC-SHA256 Shopify would send for `rawBody`. For tests and fixtures. */
export function signShopifyBody(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/**
 * Whether `header` (the X-Shopify-Hmac-Sha256 value) is Shopify's signature of `rawBody`.
 * False, never a throw, for a missing, empty or malformed header, and for an empty secret
 * (anyone can compute an HMAC keyed with nothing). The comparison is constant-time.
 */
export function isValidShopifyHmac(rawBody: Buffer, header: string | null | undefined, secret: string): boolean {
  if (typeof header !== 'string' || !BASE64_SHA256.test(header)) return false;
  if (typeof secret !== 'string' || secret.length === 0) return false;
  if (!Buffer.isBuffer(rawBody)) return false;

  const given = Buffer.from(header, 'utf8');
  const expected = Buffer.from(signShopifyBody(rawBody, secret), 'utf8');
  // Both are 44 ASCII bytes after the pattern check; timingSafeEqual throws on unequal lengths,
  // so keep the guard should the pattern ever change.
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}
