/**
 * docker-compose.yml as the tests that check its wiring read it (scripts/lib/compose.test.ts,
 * nginx/edge.test.ts): Docker cannot run here, so they read the file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface ComposeService {
  image?: string;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  networks?: { default?: { ipv4_address?: string } };
  depends_on?: Record<string, { condition?: string; restart?: boolean }>;
  healthcheck?: { test?: string[] };
  profiles?: string[];
  /** A number, or an interpolation such as `${WORKER_CPU_SHARES:-0}`. */
  cpu_shares?: number | string;
}

export interface ComposeNetwork {
  ipam?: { config?: { subnet?: string; ip_range?: string }[] };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  networks?: Record<string, ComposeNetwork>;
}

// `merge: true`: app2 is `<<: *app`, a YAML 1.1 merge key.
export const compose = parse(readFileSync(path.join(__dirname, '..', 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as ComposeFile;

/** Every worker the compose file defines (PURGE_ROLE=worker), the profiled ones too. */
export const composeWorkers: readonly string[] = Object.keys(compose.services).filter(
  (name) => compose.services[name]?.environment?.PURGE_ROLE === 'worker',
);
