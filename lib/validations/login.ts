import { z } from 'zod';
import { pgText } from './pg-text';

/** What the login form sends. */
export const logInSchema = z.object({
  // Looked up and recorded (LoginAttempt.email, varchar 254; the throttle key) trimmed and
  // lower-cased, which can lengthen it ('İ' lower-cases to two characters): the limit is on that form.
  email: pgText.trim().toLowerCase().max(254),
  // bcrypt reads 72 bytes at most; the cap only stops huge bodies from being hashed.
  password: z.string().min(1).max(1024),
});
