/**
 * Runs `prisma generate` without network access. The Prisma CLI wants to download a
 * schema-engine binary at start-up even though `generate` never runs it; pointing
 * PRISMA_SCHEMA_ENGINE_BINARY at any executable satisfies that check.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function generatePrismaClient(root = process.cwd()): void {
  const stubDir = path.join(root, 'node_modules', '.cache', 'storefront');
  const stub = path.join(stubDir, 'schema-engine-stub');
  if (!existsSync(stub)) {
    mkdirSync(stubDir, { recursive: true });
    writeFileSync(stub, '#!/bin/sh\necho "schema engine not available offline" >&2\nexit 1\n');
    chmodSync(stub, 0o755);
  }
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'prisma', 'build', 'index.js'), 'generate'],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? stub,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
    },
  );
  if (result.status !== 0) throw new Error(`prisma generate failed (exit ${result.status})`);
}

if (import.meta.url === `file://${process.argv[1]}`) generatePrismaClient();
