import { describe, expect, it } from 'vitest';
import { checkPassword, hashPassword, passwordIsTooLongForBcrypt, verifyPassword } from './passwords';

const PASSWORD = 'correct horse battery staple';

// Written by bcryptjs 3.0.3 (the library before the native one) for PASSWORD, at cost 12 and 4.
const BCRYPTJS_HASHES = [
  '$2b$12$qwvJ2Xgj1OCMJERJMzYb6OT3iKTvZ0T1TuezzbLyLOzZJrfNCX2A2',
  '$2b$04$cor/NMwkGh2THPvLdyT0JOrUOY27vE/i6ZtwktuPcQz6kgIIViFRG',
];

describe('passwords', () => {
  it.each(BCRYPTJS_HASHES)('still accepts a hash bcryptjs wrote (%s)', async (hash) => {
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(await verifyPassword(`${PASSWORD}!`, hash)).toBe(false);
  });

  it('hashes at cost 12 and checks against the dummy hash when there is no admin', async () => {
    const hash = await hashPassword(PASSWORD);
    expect(hash).toMatch(/^\$2b\$12\$.{53}$/);
    expect(await checkPassword(PASSWORD, hash)).toBe(true);
    expect(await checkPassword(PASSWORD, null)).toBe(false);
  });

  it('counts bytes, not characters, against the 72 bcrypt reads', () => {
    expect(passwordIsTooLongForBcrypt('x'.repeat(72))).toBe(false);
    expect(passwordIsTooLongForBcrypt('x'.repeat(73))).toBe(true);
    expect(passwordIsTooLongForBcrypt('é'.repeat(36))).toBe(false);
    expect(passwordIsTooLongForBcrypt('é'.repeat(37))).toBe(true);
  });
});
