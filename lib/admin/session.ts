/**
 * Admin sessions: an iron-session cookie (sealed and signed with SESSION_SECRET, httpOnly,
 * SameSite=Lax, Secure in production) that expires after SESSION_TTL_SECONDS.
 */
import { getIronSession, type SessionOptions } from 'iron-session';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getEnv } from '../env';
import { ConfigurationError } from '../http/errors';

export interface AdminIdentity {
  id: number;
  email: string;
  name: string;
}

interface AdminSessionData {
  admin?: AdminIdentity;
}

export const SESSION_TTL_SECONDS = 8 * 60 * 60;

function sessionOptions(): SessionOptions {
  const env = getEnv();
  if (!env.SESSION_SECRET) throw new ConfigurationError('SESSION_SECRET is not set; the admin dashboard is disabled');
  const secure = env.SESSION_COOKIE_SECURE ? env.SESSION_COOKIE_SECURE === 'true' : env.NODE_ENV === 'production';
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

/** The signed-in admin, or undefined. */
export async function currentAdmin(req: IncomingMessage, res: ServerResponse): Promise<AdminIdentity | undefined> {
  return (await getAdminSession(req, res)).admin;
}
