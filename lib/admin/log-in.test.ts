import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { HttpError } from '../http/errors';
import { adminPathAfterLogIn, logIn } from './log-in';
import { MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP } from './login-throttle';
import { upsertAdmin } from './upsert-admin';

const RUN = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const PASSWORD = 'correct horse battery staple';
const emails: string[] = [];
const ips: string[] = [];

function uniqueEmail(label: string): string {
  const email = `login-${label}-${RUN}@shop.test`;
  emails.push(email);
  return email;
}

/** Every test gets its own address, so one test's failures never throttle another. */
function uniqueIp(label: string): string {
  const ip = `test-${label}-${RUN}`;
  ips.push(ip);
  return ip;
}

async function createAdmin(label: string): Promise<string> {
  const email = uniqueEmail(label);
  await upsertAdmin({ email, password: PASSWORD, name: label });
  return email;
}

/** The status logIn fails with, or 200 when it succeeds. */
async function statusOf(attempt: Promise<unknown>): Promise<number> {
  try {
    await attempt;
    return 200;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

function attemptsFor(where: { email: string } | { ip: string }) {
  return getDb().loginAttempt.findMany({ where, orderBy: { id: 'asc' } });
}

beforeAll(async () => {
  await getDb().$connect();
});

afterAll(async () => {
  await getDb().loginAttempt.deleteMany({ where: { OR: [{ email: { in: emails } }, { ip: { in: ips } }] } });
  await getDb().adminUser.deleteMany({ where: { email: { in: emails } } });
  await getDb().$disconnect();
});

describe('logIn', () => {
  it('returns the admin for the right password, whatever the case and spacing of the email', async () => {
    const email = await createAdmin('ok');
    const ip = uniqueIp('ok');
    const { admin } = await logIn({ email: `  ${email.toUpperCase()} `, password: PASSWORD, ip });
    expect(admin).toMatchObject({ email, name: 'ok' });
    expect(await attemptsFor({ email })).toMatchObject([{ ip, succeeded: true }]);
  });

  it('answers 401 for a wrong password or an unknown email, and records both', async () => {
    const email = await createAdmin('wrong');
    const unknown = uniqueEmail('nobody');
    const ip = uniqueIp('wrong');
    await expect(logIn({ email, password: 'not the password', ip })).rejects.toMatchObject({
      status: 401,
      message: 'Email or password is incorrect.',
    });
    await expect(logIn({ email: unknown, password: PASSWORD, ip })).rejects.toMatchObject({ status: 401 });
    expect(await attemptsFor({ ip })).toMatchObject([
      { email, succeeded: false },
      { email: unknown, succeeded: false },
    ]);
  });

  it('takes as long for an unknown email as for a wrong password, so timing does not reveal admins', async () => {
    const email = await createAdmin('timing');
    const ip = uniqueIp('timing');
    const elapsed = async (attempt: () => Promise<unknown>) => {
      const start = performance.now();
      await statusOf(attempt());
      return performance.now() - start;
    };
    const wrongPassword = await elapsed(() => logIn({ email, password: 'not the password', ip }));
    const unknownEmail = await elapsed(() => logIn({ email: uniqueEmail('timing-nobody'), password: 'x', ip }));
    // Without the dummy check an unknown email answers after two queries, dozens of times sooner.
    expect(unknownEmail).toBeGreaterThan(wrongPassword / 2);
  });

  it(`locks an account after ${MAX_FAILURES_PER_EMAIL} failures, even for the right password and a new IP`, async () => {
    const email = await createAdmin('locked');
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      expect(await statusOf(logIn({ email, password: `guess ${i}`, ip: uniqueIp(`locked-${i}`) }))).toBe(401);
    }
    const attempt = logIn({ email, password: PASSWORD, ip: uniqueIp('locked-right') });
    await expect(attempt).rejects.toMatchObject({
      status: 429,
      message: expect.stringMatching(/^Too many failed sign-in attempts\. Try again in 15 minutes\.$/) as unknown,
    });
    // The refused attempt is not recorded, so waiting out the window is enough.
    expect(await attemptsFor({ email })).toHaveLength(MAX_FAILURES_PER_EMAIL);
  });

  it(`locks an IP after ${MAX_FAILURES_PER_IP} failures across different emails`, async () => {
    const ip = uniqueIp('busy');
    const email = await createAdmin('victim');
    // All but the last failure inserted directly: each real one costs a bcrypt check.
    await getDb().loginAttempt.createMany({
      data: Array.from({ length: MAX_FAILURES_PER_IP - 1 }, (_, i) => ({
        email: uniqueEmail(`spray-${i}`),
        ip,
        succeeded: false,
      })),
    });
    expect(await statusOf(logIn({ email: uniqueEmail('spray-last'), password: 'x', ip }))).toBe(401);
    expect(await statusOf(logIn({ email, password: PASSWORD, ip }))).toBe(429);
    // The account itself is not locked: from another address the right password works.
    expect(await statusOf(logIn({ email, password: PASSWORD, ip: uniqueIp('elsewhere') }))).toBe(200);
  });

  it('stops counting failures older than the window', async () => {
    const email = await createAdmin('old');
    const ip = uniqueIp('old');
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await statusOf(logIn({ email, password: `guess ${i}`, ip }));
    expect(await statusOf(logIn({ email, password: PASSWORD, ip }))).toBe(429);
    await getDb()
      .$executeRaw`UPDATE "LoginAttempt" SET "createdAt" = "createdAt" - interval '16 minutes' WHERE email = ${email}`;
    expect(await statusOf(logIn({ email, password: PASSWORD, ip }))).toBe(200);
  });
});

describe('upsertAdmin', () => {
  it('stores the password only as a bcrypt hash of cost 12', async () => {
    const email = await createAdmin('hash');
    const row = await getDb().adminUser.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$12\$.{53}$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
    expect(await bcrypt.compare(PASSWORD, row.passwordHash)).toBe(true);
  });

  it('resets the password of an existing admin and lifts its lockout', async () => {
    const email = await createAdmin('reset');
    const ip = uniqueIp('reset');
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await statusOf(logIn({ email, password: `guess ${i}`, ip }));
    await upsertAdmin({ email, password: 'a brand new password' });
    expect(await statusOf(logIn({ email, password: PASSWORD, ip: uniqueIp('reset-2') }))).toBe(401);
    expect(await statusOf(logIn({ email, password: 'a brand new password', ip: uniqueIp('reset-3') }))).toBe(200);
    expect((await getDb().adminUser.findUniqueOrThrow({ where: { email } })).name).toBe('reset');
  });

  it('refuses short passwords and passwords bcrypt would truncate', async () => {
    const email = uniqueEmail('weak');
    await expect(upsertAdmin({ email, password: 'short' })).rejects.toThrow(/at least 12/);
    await expect(upsertAdmin({ email, password: 'x'.repeat(73) })).rejects.toThrow(/72 bytes/);
    expect(await getDb().adminUser.findUnique({ where: { email } })).toBeNull();
  });
});

describe('adminPathAfterLogIn', () => {
  it.each([
    ['/admin/products/7?tab=prices', '/admin/products/7?tab=prices'],
    ['/admin', '/admin'],
    [undefined, '/admin'],
    [['/admin/bulk'], '/admin'],
    ['https://evil.example/admin', '/admin'],
    ['//evil.example/admin', '/admin'],
    ['/admin\\@evil.example', '/admin'],
    ['/administrator', '/admin'],
    ['/admin/../api/revalidate', '/admin'],
    ['/admin/login?next=/admin', '/admin'],
    ['/', '/admin'],
  ])('%j goes to %s', (next, expected) => {
    expect(adminPathAfterLogIn(next)).toBe(expected);
  });
});
