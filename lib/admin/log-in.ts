/** Signing an admin in: rate limit first, then the password check, every outcome recorded. */
import { getDb } from '../db';
import { HttpError } from '../http/errors';
import { assertLoginAllowed, recordLoginAttempt } from './login-throttle';
import { verifyAgainstDummyHash, verifyPassword } from './passwords';
import type { AdminIdentity, AdminSessionData } from './session';

export interface LogInRequest {
  email: string;
  password: string;
  /** The client's address, for the per-IP limit. */
  ip: string;
}

export const WRONG_CREDENTIALS_MESSAGE = 'Email or password is incorrect.';

/** The form in which emails are stored and looked up, so "Admin@Shop.test " is the same account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The admin these credentials belong to, with what its session must carry. Throws 429 while the account or address is locked
 * out (without looking at the password, so even the right one does not get through) and 401
 * for a wrong email or password, the same message for both.
 */
export async function logIn({
  email,
  password,
  ip,
}: LogInRequest): Promise<AdminSessionData & { admin: AdminIdentity }> {
  const key = { email: normalizeEmail(email), ip: ip.slice(0, 64) };
  await assertLoginAllowed(key);
  const admin = await getDb().adminUser.findUnique({ where: { email: key.email } });
  const valid = admin ? await verifyPassword(password, admin.passwordHash) : await verifyAgainstDummyHash(password);
  await recordLoginAttempt(key, valid);
  if (!admin || !valid) throw new HttpError(401, WRONG_CREDENTIALS_MESSAGE);
  return { admin: { id: admin.id, email: admin.email, name: admin.name }, sessionVersion: admin.sessionVersion };
}

/**
 * Where to go after signing in: `next` when it is a path inside the admin on this site, else
 * /admin. Anything else (another host, `//evil.example`, a path outside /admin) is ignored, so
 * the login page can never be used as an open redirect.
 */
export function adminPathAfterLogIn(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/admin') || /[\\\s]/.test(next)) return '/admin';
  const base = 'http://same-site.invalid';
  const url = new URL(next, base);
  const inAdmin = url.pathname === '/admin' || url.pathname.startsWith('/admin/');
  // Back to the login page would redirect again, forever.
  if (url.origin !== base || !inAdmin || url.pathname === '/admin/login') return '/admin';
  return `${url.pathname}${url.search}${url.hash}`;
}
