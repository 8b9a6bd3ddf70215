/**
 * The quick start: one command from a fresh clone to a running shop with sample data.
 * Database (embedded unless DATABASE_URL is set) -> migrations -> sample catalog if empty ->
 * the admin account -> `next build` if the sources, database or page settings changed ->
 * `next start` on $PORT (default 3000).
 */
import path from 'node:path';
import { applyMigrations } from '../lib/migrations/apply';
import { buildIsCurrent, recordBuild } from './lib/build-stamp';
import { clearBuild } from './lib/clear-build';
import { connectDatabaseServer, withClient } from './lib/database-server';
import { demoSecret, randomHex } from './lib/demo-secret';
import { bin, loadProjectEnv, repoRoot } from './lib/repo';
import { runCommand, runOrThrow } from './lib/run-command';
import { runMain } from './lib/run-main';
import { webhookSettings } from './lib/webhook-secrets';

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

function printWelcome(env: ReturnType<typeof demoEnv>, port: string): void {
  // Never echo a password the operator configured; the generated one is the demo's own.
  const password = process.env.ADMIN_PASSWORD ? '$ADMIN_PASSWORD' : env.ADMIN_PASSWORD;
  console.log(`\n  Shop:  http://localhost:${port}/`);
  console.log(`  Admin: http://localhost:${port}/admin  (${env.ADMIN_EMAIL} / ${password})`);
  console.log(`  Try a Stripe price change:  npm run webhook:send -- stripe <product-slug> <new price, e.g. 24.99>`);
  console.log(`  Try a Shopify price change: npm run webhook:send -- shopify <product-slug> <new price>`);
  console.log(`  Purge: curl -X POST -H "Authorization: Bearer ${env.REVALIDATE_SECRET}" \\`);
  console.log(
    `           -H 'Content-Type: application/json' -d '{"paths":["/"]}' http://localhost:${port}/api/revalidate\n`,
  );
}

async function main(): Promise<number> {
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
    // The environment counts too: a build against another database or other page settings is stale.
    if (!buildIsCurrent(repoRoot, distDir, env)) {
      console.log('demo: building the shop (next build) ...');
      await runOrThrow(bin('next'), ['build'], env);
      recordBuild(repoRoot, distDir, env);
    }
    const port = process.env.PORT ?? '3000';
    printWelcome(env, port);
    return await runCommand(bin('next'), ['start', '-p', port], env);
  } finally {
    await server.release();
  }
}

runMain(main);
