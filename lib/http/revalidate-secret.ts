import type { NextApiRequest } from 'next';
import { getEnv } from '../env';
import { ConfigurationError, HttpError } from './errors';
import { bearerToken, secretsMatch } from './secrets';

/** Throws 401 unless the request carries REVALIDATE_SECRET as a Bearer token or `?secret=`. */
export function assertRevalidateSecret(req: NextApiRequest): void {
  const expected = getEnv().REVALIDATE_SECRET;
  if (!expected) throw new ConfigurationError('REVALIDATE_SECRET is not set; /api/revalidate is disabled');
  const querySecret = typeof req.query.secret === 'string' ? req.query.secret : undefined;
  const given = bearerToken(req) ?? querySecret;
  if (given === undefined || !secretsMatch(given, expected)) throw new HttpError(401, 'Invalid token');
}
