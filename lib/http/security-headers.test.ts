import { describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { securityHeaderRoutes, sessionCookieIsSecure } from './security-headers';

function headersOf(source: string, hsts: boolean): Record<string, string> {
  const route = securityHeaderRoutes({ hsts }).find((r) => r.source === source);
  return Object.fromEntries((route?.headers ?? []).map((h) => [h.key, h.value]));
}

describe('sessionCookieIsSecure', () => {
  const base = { DATABASE_URL: 'postgresql://localhost/x' };
  it.each([
    [{ NODE_ENV: 'production' }, true],
    [{ NODE_ENV: 'development' }, false],
    [{ NODE_ENV: 'production', SESSION_COOKIE_SECURE: 'false' }, false],
    [{ NODE_ENV: 'development', SESSION_COOKIE_SECURE: 'true' }, true],
    // `FOO=` means unset, as in lib/env.ts: the NODE_ENV default applies on both sides.
    [{ NODE_ENV: 'production', SESSION_COOKIE_SECURE: '' }, true],
  ])('%j -> %s, for the raw env (next.config.ts) and the validated one (session.ts)', (env, secure) => {
    expect(sessionCookieIsSecure(env)).toBe(secure);
    expect(sessionCookieIsSecure(parseEnv({ ...base, ...env }))).toBe(secure);
  });
});

describe('securityHeaderRoutes', () => {
  it('sends HSTS only when asked (the session cookie is Secure)', () => {
    expect(headersOf('/:path*', true)['Strict-Transport-Security']).toMatch(/^max-age=\d+$/);
    expect(headersOf('/:path*', false)).not.toHaveProperty('Strict-Transport-Security');
  });

  it('gives pages a CSP without inline or eval scripts that forbids framing', () => {
    const csp = headersOf('/:path*', false)['Content-Security-Policy'] ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headersOf('/:path*', false)['X-Frame-Options']).toBe('DENY');
  });

  it('overrides only the Referrer-Policy of the dashboard and the CSP of the API', () => {
    expect(headersOf('/admin/:path*', false)).toEqual({ 'Referrer-Policy': 'same-origin' });
    expect(headersOf('/api/:path*', false)).toEqual({
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    });
  });
});
