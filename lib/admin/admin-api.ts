/**
 * The wrapper for every admin API route: never cached, 401 without a session (checked first,
 * so "admin APIs answer 401" holds whatever the headers), 403 for a cross-site or origin-less
 * state-changing request, then the handler with the signed-in admin.
 */
import type { NextApiHandler, NextApiRequest, NextApiResponse } from 'next';
import { apiHandler, type Method } from '../http/api-handler';
import { HttpError } from '../http/errors';
import { assertSameOrigin } from '../http/same-origin';
import { currentAdmin, type AdminIdentity } from './session';

export type AdminApiHandler = (req: NextApiRequest, res: NextApiResponse, admin: AdminIdentity) => Promise<void>;

export function adminApiHandler(handlers: Partial<Record<Method, AdminApiHandler>>): NextApiHandler {
  const wrapped = Object.fromEntries(
    Object.entries(handlers).map(([method, handle]) => [method, withAdmin(handle)]),
  ) as Partial<Record<Method, (req: NextApiRequest, res: NextApiResponse) => Promise<void>>>;
  return apiHandler(wrapped);
}

function withAdmin(handle: AdminApiHandler) {
  return async (req: NextApiRequest, res: NextApiResponse) => {
    res.setHeader('Cache-Control', 'private, no-store');
    const admin = await currentAdmin(req, res);
    if (!admin) throw new HttpError(401, 'Not signed in');
    if (req.method !== 'GET') assertSameOrigin(req);
    await handle(req, res, admin);
  };
}
