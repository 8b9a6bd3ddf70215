import { z } from 'zod';
import { getDb } from '../db';
import { normalizeEmail } from './log-in';
import { forgetAccountFailures } from './login-throttle';
import { hashPassword, passwordIsTooLongForBcrypt, verifyPassword } from './passwords';
import type { AdminIdentity } from './session';

export const MIN_ADMIN_PASSWORD_LENGTH = 12;

const adminAccountSchema = z.object({
  email: z.email('Enter a valid email').max(254),
  password: z
    .string()
    .min(MIN_ADMIN_PASSWORD_LENGTH, `The password must be at least ${MIN_ADMIN_PASSWORD_LENGTH} characters`)
    .refine((password) => !passwordIsTooLongForBcrypt(password), 'The password must be at most 72 bytes'),
  name: z.string().trim().min(1).max(120).optional(),
});

export type AdminAccount = z.input<typeof adminAccountSchema>;

/**
 * Creates the admin, or resets the password (and the name, when given) of the one with this
 * email; a different password ends all of its sessions. Throws with a readable message when the email or password is unacceptable.
 */
export async function upsertAdmin(account: AdminAccount): Promise<AdminIdentity> {
  const parsed = adminAccountSchema.safeParse({ ...account, email: normalizeEmail(account.email) });
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join('; '));
  const { email, password, name } = parsed.data;
  const passwordHash = await hashPassword(password);
  const existing = await getDb().adminUser.findUnique({ where: { email }, select: { passwordHash: true } });
  // A new password signs out every session made with the old one. The same password again (the
  // seed runs on every start of the demo) keeps them, or each restart would sign everyone out.
  const passwordChanged = !existing || !(await verifyPassword(password, existing.passwordHash));
  const admin = await getDb().adminUser.upsert({
    where: { email },
    create: { email, passwordHash, name: name ?? email.split('@')[0] ?? email },
    update: {
      passwordHash,
      ...(passwordChanged ? { sessionVersion: { increment: 1 } } : {}),
      ...(name ? { name } : {}),
    },
    select: { id: true, email: true, name: true },
  });
  // Resetting the password is the operator's way out of a lockout, so it also forgets the
  // account's failed attempts (the per-IP limit still stands).
  await forgetAccountFailures(email);
  return admin;
}
