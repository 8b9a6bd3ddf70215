/**
 * For the login tests: admins, emails and addresses unique to one test run (so one test's
 * failures never throttle another's), the status a login ends with, and a clock to move.
 */
import { getDb } from '../../lib/db';
import { HttpError } from '../../lib/http/errors';
import { throttleKeyOf } from '../../lib/admin/login-throttle';
import { upsertAdmin } from '../../lib/admin/upsert-admin';

export const PASSWORD = 'correct horse battery staple';

export function logInFixtures(prefix: string) {
  const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const emails: string[] = [];
  const ips: string[] = [];
  const uniqueEmail = (label: string): string => {
    const email = `${prefix}-${label}-${run}@shop.test`;
    emails.push(email);
    return email;
  };
  const uniqueIp = (label: string): string => {
    const ip = `test-${prefix}-${label}-${run}`;
    ips.push(ip);
    return ip;
  };
  return {
    uniqueEmail,
    uniqueIp,
    createAdmin: async (label: string): Promise<string> => {
      const email = uniqueEmail(label);
      await upsertAdmin({ email, password: PASSWORD, name: label });
      return email;
    },
    cleanUp: async (): Promise<void> => {
      const keys = [...emails.map(throttleKeyOf.account), ...ips.map(throttleKeyOf.ip)];
      await getDb().loginThrottle.deleteMany({ where: { key: { in: keys } } });
      await getDb().loginAttempt.deleteMany({ where: { OR: [{ email: { in: emails } }, { ip: { in: ips } }] } });
      await getDb().adminUser.deleteMany({ where: { email: { in: emails } } });
    },
  };
}

/** The status a login fails with, or 200 when it succeeds. */
export async function statusOf(attempt: Promise<unknown>): Promise<number> {
  try {
    await attempt;
    return 200;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

/** A clock that only moves when told to. */
export function manualClock(start = new Date()) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms: number) => {
      current += ms;
    },
  };
}
