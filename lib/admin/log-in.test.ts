import bcrypt from 'bcrypt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { adminPathAfterLogIn, logIn } from './log-in';
import { RetryLaterError } from './log-in-errors';
import { throttleKeyOf } from './login-throttle';
import { ACCOUNT_POLICY, IP_POLICY } from './login-throttle-rules';
import { logInFixtures, PASSWORD, statusOf } from '../../testing/admin/log-in-fixtures';
import { upsertAdmin } from './upsert-admin';

const { uniqueEmail, uniqueIp, createAdmin, cleanUp } = logInFixtures('login');
const MAX_FAILURES_PER_EMAIL = ACCOUNT_POLICY.freeFailures;
const MAX_FAILURES_PER_IP = IP_POLICY.freeFailures;

function attemptsFor(where: { email: string } | { ip: string }) {
  return getDb().loginAttempt.findMany({ where, orderBy: { id: 'asc' } });
}

beforeAll(async () => {
  await getDb().$connect();
});

afterAll(async () => {
  await cleanUp();
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
    await expect(attempt).rejects.toBeInstanceOf(RetryLaterError);
    await expect(attempt).rejects.toMatchObject({
      status: 429,
      message: expect.stringMatching(/^Too many failed sign-in attempts\. Try again in 1[45] seconds\.$/) as unknown,
      retryAfterSeconds: expect.toSatisfy((seconds: number) => seconds > 0 && seconds <= 15) as unknown,
    });
    // The refused attempt is neither checked nor recorded.
    expect(await attemptsFor({ email })).toHaveLength(MAX_FAILURES_PER_EMAIL);
  });

  it(`locks an IP after ${MAX_FAILURES_PER_IP} failures across different emails`, async () => {
    const ip = uniqueIp('busy');
    const email = await createAdmin('victim');
    // All but the last failure written directly: each real one costs a bcrypt check.
    await getDb().loginThrottle.create({
      data: { key: throttleKeyOf.ip(ip), failures: MAX_FAILURES_PER_IP - 1, lastFailureAt: new Date() },
    });
    expect(await statusOf(logIn({ email: uniqueEmail('spray-last'), password: 'x', ip }))).toBe(401);
    expect(await statusOf(logIn({ email, password: PASSWORD, ip }))).toBe(429);
    // The account itself is not locked: from another address the right password works.
    expect(await statusOf(logIn({ email, password: PASSWORD, ip: uniqueIp('elsewhere') }))).toBe(200);
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
