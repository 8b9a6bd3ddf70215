/**
 * The wrapper every API route uses: 405 with `Allow` for other methods, typed errors mapped
 * to their status, anything unexpected logged and answered 500 without internals.
 */
import type { NextApiHandler, NextApiRequest, NextApiResponse } from 'next';
import { ZodError } from 'zod';
import { ConflictError, DomainError, InvalidInputError, NotFoundError } from '../errors';
import { busyErrorFrom } from '../transaction';
import { HttpError } from './errors';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Handlers = Partial<Record<Method, (req: NextApiRequest, res: NextApiResponse) => Promise<void>>>;

export function apiHandler(handlers: Handlers): NextApiHandler {
  const allowed = Object.keys(handlers).join(', ');
  return async (req, res) => {
    const handle = handlers[req.method as Method];
    if (!handle) {
      res.setHeader('Allow', allowed);
      return res.status(405).json({ message: `Method ${req.method} not allowed` });
    }
    try {
      await handle(req, res);
    } catch (error) {
      sendError(res, error);
    }
  };
}

function sendError(res: NextApiResponse, error: unknown): void {
  const busy = busyErrorFrom(error);
  if (busy) {
    // Foreseeable under load (a bulk change holds the rows): say when to come back, not 500.
    res.setHeader('Retry-After', String(busy.retryAfterSeconds));
    res.status(503).json({ message: busy.message });
  } else if (error instanceof HttpError || error instanceof DomainError) {
    const status = error instanceof HttpError ? error.status : statusOf(error);
    res.status(status).json({ message: error.message, ...(error.details ? { details: error.details } : {}) });
  } else if (error instanceof ZodError) {
    res
      .status(400)
      .json({ message: 'Invalid request', issues: error.issues.map(({ path, message }) => ({ path, message })) });
  } else {
    console.error(error);
    res.status(500).json({ message: 'Internal server error' });
  }
}

/** The one place a domain error becomes an HTTP status. */
function statusOf(error: DomainError): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof InvalidInputError) return 422;
  return 400;
}
