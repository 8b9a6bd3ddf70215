/**
 * Password hashing for admins: bcrypt at cost 12 (about a quarter of a second per check, which
 * is what makes a stolen hash slow to crack and an online guess slow to make). The native
 * `bcrypt` package runs each hash on libuv's thread pool, so the event loop keeps serving
 * shoppers meanwhile; hashes written by bcryptjs before ($2b$) check the same.
 */
import bcrypt from 'bcrypt';

const BCRYPT_COST = 12;
const BCRYPT_MAX_BYTES = 72;

// The hash of 32 random bytes nobody kept. Checking a password against it costs exactly what a
// real check costs, so "no such email" answers as slowly as "wrong password" and response time
// does not reveal which emails are admins. No password matches it.
const DUMMY_HASH = '$2b$12$ZmQXwaPeIUhYzEwl1H2mu.t0Nu30MW0CRVwkLtXKGK3xBQRxh3N56';

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  return bcrypt.compare(password, passwordHash);
}

/** Spends the time of one password check and fails: use it when the email is unknown. */
export async function verifyAgainstDummyHash(password: string): Promise<false> {
  await bcrypt.compare(password, DUMMY_HASH);
  return false;
}

/** Checks a sign-in's password against the admin's hash, or against the dummy one when there is no such admin. */
export function checkPassword(password: string, passwordHash: string | null): Promise<boolean> {
  return passwordHash === null ? verifyAgainstDummyHash(password) : verifyPassword(password, passwordHash);
}

/** bcrypt ignores everything after the 72nd byte; a longer password would be silently weaker than it looks. */
export function passwordIsTooLongForBcrypt(password: string): boolean {
  return Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES;
}
