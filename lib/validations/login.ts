import { z } from 'zod';

/** What the login form sends. */
export const logInSchema = z.object({
  email: z.string().max(254),
  // bcrypt reads 72 bytes at most; the cap only stops huge bodies from being hashed.
  password: z.string().min(1).max(1024),
});
