/**
 * The quick start: one command from a fresh clone to a running shop with sample data.
 * Database (embedded unless DATABASE_URL is set) -> migrations -> sample catalog if empty ->
 * `next build` if the sources changed -> `next start` on $PORT (default 3000).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations } from '../lib/migrations/apply';
import { buildIsCurrent, recordBuild } from './lib/build-stamp';
import { connectDatabaseServer } from './lib/database-server';
import { demoRevalidateSecret } from './lib/demo-secret';
import { bin, loadProjectEnv, repoRoot } from './lib/repo';
import { runCommand, runOrThrow } from './lib/run-command';
import { runMain } from './lib/run-main';

async function catalogIsEmpty(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM "Product"');
    return result.rows[0]?.count === 0;
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  loadProjectEnv();
  const server = await connectDatabaseServer(repoRoot);
  try {
    const databaseUrl = server.defaultUrl;
    await applyMigrations({ connectionString: databaseUrl, log: (line) => console.log(`migrate: ${line}`) });
    const env = {
      ...process.env,
      NODE_ENV: 'production' as const,
      DATABASE_URL: databaseUrl,
      REVALIDATE_SECRET: process.env.REVALIDATE_SECRET ?? demoRevalidateSecret(repoRoot),
      NEXT_TELEMETRY_DISABLED: '1',
    };
    const distDir = path.join(repoRoot, process.env.NEXT_DIST_DIR ?? '.next');
    if (await catalogIsEmpty(databaseUrl)) {
      await runOrThrow(bin('tsx'), ['scripts/db/seed.ts'], env);
      // Pages cached from an earlier database would show its prices: start from a clean build.
      rmSync(distDir, { recursive: true, force: true });
    }
    if (!buildIsCurrent(repoRoot, distDir)) {
      console.log('demo: building the shop (next build) ...');
      await runOrThrow(bin('next'), ['build'], env);
      recordBuild(repoRoot, distDir);
    }
    const port = process.env.PORT ?? '3000';
    console.log(`\n  Shop:  http://localhost:${port}/`);
    console.log(`  Purge: curl -X POST -H "Authorization: Bearer ${env.REVALIDATE_SECRET}" \\`);
    console.log(
      `           -H 'Content-Type: application/json' -d '{"paths":["/"]}' http://localhost:${port}/api/revalidate\n`,
    );
    return await runCommand(bin('next'), ['start', '-p', port], env);
  } finally {
    await server.release();
  }
}

runMain(main);
