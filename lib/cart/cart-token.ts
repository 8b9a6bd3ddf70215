/**
 * The cart's cookie: a random token only the shopper's browser holds (httpOnly, so page scripts
 * cannot read it). The database keeps its SHA-256, so a copy of the table opens no cart.
 */
import { createHash, randomBytes } from 'node:crypto';
import { stringifySetCookie } from 'cookie';
import { getEnv } from '../env';
import { sessionCookieIsSecure } from '../http/security-headers';

export const CART_COOKIE = 'storefront_cart';
/** A cart nobody touched for this long is gone. */
export const CART_TTL_DAYS = 30;

export function newCartToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The cart row's id for a token; null for anything that cannot be a token of ours. */
export function cartIdOf(token: string | undefined): string | null {
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  return createHash('sha256').update(token).digest('hex');
}

export function cartCookie(token: string): string {
  return stringifySetCookie({
    name: CART_COOKIE,
    value: token,
    httpOnly: true,
    sameSite: 'lax',
    secure: sessionCookieIsSecure(getEnv()),
    path: '/',
    maxAge: CART_TTL_DAYS * 24 * 60 * 60,
  });
}
