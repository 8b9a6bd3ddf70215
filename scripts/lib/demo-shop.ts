/**
 * The quick start's preparation, shared by `npm run demo` and `npm run demo:scaled`: database
 * (embedded unless DATABASE_URL is set) -> migrations -> sample catalog if empty -> the admin
 * account -> `next build` if the sources, database or page settings changed.
 */
import path from 'node:path';
import { applyMigrations } from '../db/migrations/apply';
import { buildIsCurrent, recordBuild } from './build-stamp';
import { clearBuild } from './clear-build';
import { buildIslands } from './islands';
import { connectDatabaseServer, withClient, type DatabaseServer } from './database-server';
import { demoSecret, randomHex } from './demo-secret';
import { bin, loadProjectEnv, repoRoot } from './repo';
import { runOrThrow } from './run-command';
import { webhookSettings } from './webhook-secrets';

export type DemoEnv = ReturnType<typeof demoEnv>;

export interface DemoShop {
  env: DemoEnv;
  /** The build every `next start` serves. */
  distDir: string;
  /** Stops the embedded database (if it is ours); call after every server on it stopped. */
  release: DatabaseServer['release'];
}

async function catalogIsEmpty(databaseUrl: string): Promise<boolean> {
  const result = await withClient(databaseUrl, (client) =>
    client.query<{ count: number }>('SELECT count(*)::int AS count FROM "Product"'),
  );
  return result.rows[0]?.count === 0;
}

/** The environment of every child: yours where set, otherwise secrets made once and kept in .data/. */
function demoEnv(databaseUrl: string) {
  return {
    ...process.env,
    NODE_ENV: 'production' as const,
    DATABASE_URL: databaseUrl,
    REVALIDATE_SECRET: process.env.REVALIDATE_SECRET ?? demoSecret(repoRoot, 'revalidate-secret', randomHex(24)),
    SESSION_SECRET: process.env.SESSION_SECRET ?? demoSecret(repoRoot, 'session-secret', randomHex(32)),
    // The demo serves plain HTTP, and not every browser keeps a Secure cookie from http://localhost.
    SESSION_COOKIE_SECURE: process.env.SESSION_COOKIE_SECURE ?? 'false',
    ADMIN_EMAIL: process.env.ADMIN_EMAIL ?? 'admin@example.com',
    ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? demoSecret(repoRoot, 'admin-password', randomHex(12)),
    ...webhookSettings(repoRoot),
    NEXT_TELEMETRY_DISABLED: '1',
  };
}

/** Everything up to a current build; the caller starts the servers and then calls `release`. */
export async function prepareDemoShop(): Promise<DemoShop> {
  loadProjectEnv();
  const server = await connectDatabaseServer(repoRoot);
  try {
    const databaseUrl = server.defaultUrl;
    await applyMigrations({ connectionString: databaseUrl, log: (line) => console.log(`migrate: ${line}`) });
    const env = demoEnv(databaseUrl);
    const distDir = path.join(repoRoot, process.env.NEXT_DIST_DIR ?? '.next');
    if (await catalogIsEmpty(databaseUrl)) {
      await runOrThrow(bin('tsx'), ['scripts/db/seed.ts'], env);
      // Pages cached from an earlier database would show its prices: start from a clean build.
      // Its contents only: in Docker the folder is a volume mount point, which cannot be removed.
      clearBuild(distDir);
    }
    // On every start, so the printed credentials work even if someone changed the password.
    // The password travels in the environment, never on a command line others can read.
    await runOrThrow(bin('tsx'), ['scripts/admin/create-admin.ts', '--email', env.ADMIN_EMAIL], env);
    // Before the stamp check, whose hash covers public/ and so the island it writes there.
    await buildIslands(repoRoot);
    // The environment counts too: a build against another database or other page settings is stale.
    if (!buildIsCurrent(repoRoot, distDir, env)) {
      console.log('demo: building the shop (next build) ...');
      await runOrThrow(bin('next'), ['build'], env);
      recordBuild(repoRoot, distDir, env);
    }
    return { env, distDir, release: server.release };
  } catch (error) {
    await server.release();
    throw error;
  }
}

/** The admin sign-in line. Never echoes a password the operator configured; the generated one is the demo's own. */
export function adminLine(env: DemoEnv, origin: string): string {
  const password = process.env.ADMIN_PASSWORD ? '$ADMIN_PASSWORD' : env.ADMIN_PASSWORD;
  return `  Admin: ${origin}/admin  (${env.ADMIN_EMAIL} / ${password})`;
}

/**
 * How to try a price change and a manual purge against the shop at `origin`; `toolEnv` (e.g.
 * `SHOP_URL=http://... `) is what the operator tools need to find it when not on $PORT.
 */
export function tryItLines(env: DemoEnv, origin: string, toolEnv = ''): string[] {
  return [
    `  Try a Stripe price change:  ${toolEnv}npm run webhook:send -- stripe <product-slug> <new price, e.g. 24.99>`,
    `  Try a Shopify price change: ${toolEnv}npm run webhook:send -- shopify <product-slug> <new price>`,
    `  Purge: curl -X POST -H "Authorization: Bearer ${env.REVALIDATE_SECRET}" \\`,
    `           -H 'Content-Type: application/json' -d '{"paths":["/"]}' ${origin}/api/revalidate\n`,
  ];
}
