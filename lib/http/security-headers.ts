/**
 * The security headers of every response, by route group, for next.config.ts `headers()`. Next
 * evaluates them when `next build` runs and `next start` serves them from the build's routes
 * manifest, so they follow the build's environment. No imports: next.config.ts loads this file
 * before the app's validated env exists.
 */

export interface HeaderRoute {
  source: string;
  headers: { key: string; value: string }[];
}

interface EnvForCookie {
  SESSION_COOKIE_SECURE?: string;
  NODE_ENV?: string;
}

/** Whether the admin session cookie is Secure: SESSION_COOKIE_SECURE if set, else in production. */
export function sessionCookieIsSecure(env: EnvForCookie): boolean {
  return env.SESSION_COOKIE_SECURE ? env.SESSION_COOKIE_SECURE === 'true' : env.NODE_ENV === 'production';
}

type Policy = Record<string, string[]>;

/**
 * Storefront and dashboard pages. Next's production scripts are all files of our own (with
 * `turbopackSharedRuntime: false`, see next.config.ts); __NEXT_DATA__ and the JSON-LD are data
 * blocks, which CSP does not execute. Inline style attributes stay allowed: next/image writes
 * `style="color:transparent"` into the static HTML. No page may be framed (clickjacking).
 */
export const PAGE_POLICY: Policy = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'style-src-attr': ["'unsafe-inline'"],
  'img-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** API answers are JSON: opened as a document, they may load nothing and be framed nowhere. */
export const API_POLICY: Policy = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export function serializePolicy(policy: Policy): string {
  return Object.entries(policy)
    .map(([directive, sources]) => [directive, ...sources].join(' '))
    .join('; ');
}

/** Two years, as hstspreload.org recommends; includeSubDomains would bind every subdomain too. */
export const HSTS_VALUE = 'max-age=63072000';

/**
 * Later routes override earlier ones header by header (Next applies them in order), so each
 * group lists only what differs from the first, catch-all route.
 */
export function securityHeaderRoutes({ hsts }: { hsts: boolean }): HeaderRoute[] {
  return [
    {
      source: '/:path*',
      headers: [
        { key: 'Content-Security-Policy', value: serializePolicy(PAGE_POLICY) },
        { key: 'X-Frame-Options', value: 'DENY' },
        { key: 'X-Content-Type-Options', value: 'nosniff' },
        { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        // Only where the session cookie is Secure, which already means HTTPS only; the demo serves
        // plain HTTP with a non-Secure cookie, and a browser told HSTS there could not reach it.
        ...(hsts ? [{ key: 'Strict-Transport-Security', value: HSTS_VALUE }] : []),
      ],
    },
    // Dashboard URLs (product ids, searches) never leave the shop, not even as a Referer.
    { source: '/admin/:path*', headers: [{ key: 'Referrer-Policy', value: 'same-origin' }] },
    { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: serializePolicy(API_POLICY) }] },
  ];
}
