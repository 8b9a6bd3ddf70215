/** Revoking sessions: a copied session stops working after a password reset or "log out everywhere". */
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { logIn } from './log-in';
import { revokeAdminSessions, sessionIsCurrent } from './session';
import { upsertAdmin } from './upsert-admin';

const RUN = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const PASSWORD = 'correct horse battery staple';
const emails: string[] = [];

async function signedIn(label: string) {
  const email = `session-${label}-${RUN}@shop.test`;
  emails.push(email);
  await upsertAdmin({ email, password: PASSWORD });
  return { email, session: await logIn({ email, password: PASSWORD, ip: `session-${RUN}` }) };
}

afterAll(async () => {
  await getDb().loginAttempt.deleteMany({ where: { email: { in: emails } } });
  await getDb().adminUser.deleteMany({ where: { email: { in: emails } } });
  await getDb().$disconnect();
});

describe('sessionIsCurrent', () => {
  it('holds for a fresh session and not for one without a version (sealed before versions existed)', async () => {
    const { session } = await signedIn('fresh');
    expect(await sessionIsCurrent(session)).toBe(true);
    expect(await sessionIsCurrent({ admin: session.admin })).toBe(false);
    expect(await sessionIsCurrent({})).toBe(false);
  });

  it('ends every earlier session when the password is reset', async () => {
    const { email, session } = await signedIn('reset');
    await upsertAdmin({ email, password: 'a brand new password' });
    expect(await sessionIsCurrent(session)).toBe(false);
    const again = await logIn({ email, password: 'a brand new password', ip: `session-${RUN}` });
    expect(await sessionIsCurrent(again)).toBe(true);
  });

  it('keeps sessions when the same password is set again (the seed on every demo start)', async () => {
    const { email, session } = await signedIn('same');
    await upsertAdmin({ email, password: PASSWORD });
    expect(await sessionIsCurrent(session)).toBe(true);
  });

  it('ends every session of the admin on "log out everywhere", and only that admin\'s', async () => {
    const { session } = await signedIn('everywhere');
    const { session: other } = await signedIn('bystander');
    await revokeAdminSessions(session.admin.id);
    expect(await sessionIsCurrent(session)).toBe(false);
    expect(await sessionIsCurrent(other)).toBe(true);
  });

  it('ends the session of a deleted admin', async () => {
    const { email, session } = await signedIn('deleted');
    await getDb().adminUser.delete({ where: { email } });
    expect(await sessionIsCurrent(session)).toBe(false);
  });
});
