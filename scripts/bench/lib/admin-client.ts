/**
 * The admin API as a benchmark drives it: sign in once through /api/admin/login, then send
 * requests with the session cookie and an Origin header (admin writes refuse cross-site ones).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../lib/repo';

export interface AdminClient {
  /** Sends JSON and returns the status, the parsed body and the time until the body arrived. */
  send: <T = unknown>(method: 'GET' | 'POST' | 'PUT', route: string, body?: unknown) => Promise<AdminResponse<T>>;
}

export interface AdminResponse<T> {
  status: number;
  body: T;
  ms: number;
}

/** ADMIN_EMAIL / ADMIN_PASSWORD, else the demo's admin and the password it keeps in .data/. */
export function adminCredentials(): { email: string; password: string } {
  const file = path.join(repoRoot, '.data', 'demo-admin-password');
  const password = process.env.ADMIN_PASSWORD ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  if (!password) throw new Error('Set ADMIN_PASSWORD (or start the shop with `npm run demo` first).');
  return { email: process.env.ADMIN_EMAIL ?? 'admin@example.com', password };
}

export async function logInAdmin(baseUrl: string): Promise<AdminClient> {
  const headers = { 'Content-Type': 'application/json', Origin: baseUrl };
  const response = await fetch(`${baseUrl}/api/admin/login`, {
    method: 'POST',
    headers,
    body: JSON.stringify(adminCredentials()),
  });
  if (response.status !== 200) throw new Error(`admin login failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return {
    send: async <T>(method: 'GET' | 'POST' | 'PUT', route: string, body?: unknown) => {
      const started = performance.now();
      const answer = await fetch(`${baseUrl}${route}`, {
        method,
        headers: { ...headers, Cookie: cookie },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const parsed = (await answer.json()) as T;
      return { status: answer.status, body: parsed, ms: performance.now() - started };
    },
  };
}
