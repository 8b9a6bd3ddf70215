import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnvConfig } from '@next/env';

/** The repository root, whatever the current directory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Loads .env files the way Next.js does, so scripts and the app see the same settings. */
export function loadProjectEnv(): void {
  loadEnvConfig(repoRoot, process.env.NODE_ENV !== 'production');
}

/** A binary from node_modules/.bin. */
export function bin(name: string): string {
  return path.join(repoRoot, 'node_modules', '.bin', name);
}
