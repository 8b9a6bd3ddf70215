import { describe, expect, it } from 'vitest';
import { logInSchema } from './login';

const password = 'correct horse';

describe('logInSchema', () => {
  it('gives the email trimmed and lower-cased, as accounts are stored', () => {
    expect(logInSchema.parse({ email: ' Admin@Shop.TEST ', password }).email).toBe('admin@shop.test');
  });

  it('refuses an email with a NUL character, which no PostgreSQL text can hold', () => {
    expect(logInSchema.safeParse({ email: 'admin\u0000@shop.test', password }).success).toBe(false);
  });

  it('limits the email as it is recorded: 200 × "İ" is 400 characters lower-cased', () => {
    const email = 'İ'.repeat(200);
    expect(email.length).toBeLessThanOrEqual(254);
    expect(logInSchema.safeParse({ email, password }).success).toBe(false);
    expect(logInSchema.safeParse({ email: `${'a'.repeat(244)}@shop.test`, password }).success).toBe(true);
  });
});
