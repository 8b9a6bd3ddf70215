/**
 * Admin sessions: an iron-session cookie (sealed and signed with SESSION_SECRET, httpOnly,
 * SameSite=Lax, Secure in production) that expires after SESSION_TTL_SECONDS. A sealed cookie
 * cannot be taken back, so each carries its admin's sessionVersion: bumping that column (a
 * password reset, "log out everywhere") makes every cookie issued before it worthless.
 */
import { getIronSession, type SessionOptions } from 'iron-session';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getDb } from '../db';
import { getEnv } from '../env';
import { ConfigurationError } from '../http/errors';
import { sessionCookieIsSecure } from '../http/security-headers';
import type { ChangeAuthor } from '../catalog/change-scope';

export interface AdminIdentity {
  id: number;
  email: string;
  name: string;
}

/** An admin as the author of a catalog change (the audit log's who). */
export function authorOf(admin: AdminIdentity): ChangeAuthor {
  return { source: 'ADMIN', actor: admin.email, adminUserId: admin.id };
}

export interface AdminSessionData {
  admin?: AdminIdentity;
  sessionVersion?: number;
}

export const SESSION_TTL_SECONDS = 8 * 60 * 60;

function sessionOptions(): SessionOptions {
  const env = getEnv();
  if (!env.SESSION_SECRET) throw new ConfigurationError('SESSION_SECRET is not set; the admin dashboard is disabled');
  // The same rule decides HSTS (next.config.ts): a Secure cookie means the shop is HTTPS only.
  const secure = sessionCookieIsSecure(env);
  return {
    password: env.SESSION_SECRET,
    cookieName: 'storefront_admin',
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure, path: '/' },
  };
}

export function getAdminSession(req: IncomingMessage, res: ServerResponse) {
  return getIronSession<AdminSessionData>(req, res, sessionOptions());
}

/** The signed-in admin, or undefined (also when the session was revoked since it was issued). */
export async function currentAdmin(req: IncomingMessage, res: ServerResponse): Promise<AdminIdentity | undefined> {
  const session = await getAdminSession(req, res);
  return (await sessionIsCurrent(session)) ? session.admin : undefined;
}

/** True while the session's admin exists and has not revoked its sessions since this one began. */
export async function sessionIsCurrent({ admin, sessionVersion }: AdminSessionData): Promise<boolean> {
  if (!admin || sessionVersion === undefined) return false;
  const row = await getDb().adminUser.findUnique({ where: { id: admin.id }, select: { sessionVersion: true } });
  return row?.sessionVersion === sessionVersion;
}

/** Ends every session of this admin, on every device (the next request of each is signed out). */
export async function revokeAdminSessions(adminId: number): Promise<void> {
  await getDb().adminUser.update({ where: { id: adminId }, data: { sessionVersion: { increment: 1 } } });
}
