/** Signing an admin in: rate limit first, then the password check (queued), every outcome recorded. */
import { getDb } from '../db';
import { HttpError } from '../http/errors';
import { refundLoginAttempt, reserveLoginAttempt, settleLoginAttempt, type LoginReservation } from './login-throttle';
import { passwordCheckQueue } from './password-check-queue';
import { checkPassword } from './passwords';
import type { AdminIdentity, AdminSessionData } from './session';

export interface LogInRequest {
  email: string;
  password: string;
  /** The client's address, for the per-IP limit. */
  ip: string;
}

export interface LogInOptions {
  /** The clock the limits read; tests move it instead of waiting. */
  now?: () => Date;
  /** The password check (see checkPassword); tests count its calls. */
  checkPassword?: (password: string, passwordHash: string | null) => Promise<boolean>;
}

export const WRONG_CREDENTIALS_MESSAGE = 'Email or password is incorrect.';

/** The form in which emails are stored and looked up, so "Admin@Shop.test " is the same account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The admin these credentials belong to, with what its session must carry. Throws 429 while the
 * account or address is blocked (without looking at the password, so even the right one does not
 * get through), 503 while too many checks are queued, and 401 for a wrong email or password, the
 * same message for both.
 */
export async function logIn(
  { email, password, ip }: LogInRequest,
  options: LogInOptions = {},
): Promise<AdminSessionData & { admin: AdminIdentity }> {
  const now = options.now ?? (() => new Date());
  const reservation = await reserveLoginAttempt({ email: normalizeEmail(email), ip: ip.slice(0, 64) }, now());
  const { admin, valid } = await judgePassword(reservation, password, options.checkPassword ?? checkPassword);
  await settleLoginAttempt(reservation, valid, now());
  if (!admin || !valid) throw new HttpError(401, WRONG_CREDENTIALS_MESSAGE);
  return { admin: { id: admin.id, email: admin.email, name: admin.name }, sessionVersion: admin.sessionVersion };
}

async function judgePassword(
  reservation: LoginReservation,
  password: string,
  check: NonNullable<LogInOptions['checkPassword']>,
) {
  try {
    const admin = await getDb().adminUser.findUnique({ where: { email: reservation.attempt.email } });
    // An unknown email is checked too (against a dummy hash), so it answers as slowly as a wrong password.
    const matches = await passwordCheckQueue.run(() => check(password, admin?.passwordHash ?? null));
    return { admin, valid: admin !== null && matches };
  } catch (error) {
    // Refused for load (503) or failed: the password was never judged, so the attempt does not count.
    await refundLoginAttempt(reservation);
    throw error;
  }
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
