/**
 * Runs an nginx edge of our own (not the system service) with a shipped config pointed at the
 * shop: nginx/default.conf for the e2e suite and the benchmark, nginx/compose.conf for several
 * instances. Its work folder is nginx's prefix (`-p`): the config copy, pid file, cache, temp
 * folders and error log all live there, so it needs no root-owned path. Daemon mode with a pid
 * file, so whoever holds the config can stop it and start it again (the e2e spec takes the edge
 * down on purpose). Imports nothing that needs ES modules: Playwright loads it as CommonJS.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { portOpen } from './free-port';
import type { BackendAddress } from './varnish';

export interface NginxEdgeConfig {
  /** nginx's prefix: the config copy, pid file, cache and temp folders, error.log. */
  workDir: string;
  /** Port on 127.0.0.1 the edge listens on. */
  listenPort: number;
  /** The shop instances, round robin (the config's `upstream shop` servers). */
  backends: BackendAddress[];
  /**
   * Where the app's refreshes and the back office go (nginx/compose.conf's `upstream refresher`: the worker,
   * with the backends as backups); unset: the backends.
   */
  refresher?: BackendAddress;
  /** The shipped config to run (nginx/default.conf or nginx/compose.conf). */
  confPath: string;
  /** Worker processes; the config's own (`auto`, one per core) when unset. */
  workerProcesses?: number;
}

/** nginx's path, or null when it is not installed. NGINX, when set, is the only candidate. */
export function findNginx(): string | null {
  const candidates = process.env.NGINX ? [process.env.NGINX] : ['/usr/sbin/nginx', '/usr/local/sbin/nginx'];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

/** The shipped config with our listen address, backends and (when set) worker count. */
export function renderNginxConf(conf: string, config: Omit<NginxEdgeConfig, 'workDir' | 'confPath'>): string {
  if (config.backends.length === 0) throw new Error('the nginx edge needs at least one backend');
  const upstream = /(upstream\s+shop\s*\{)([^}]*)(\})/;
  if (!upstream.test(conf)) throw new Error('the nginx config has no `upstream shop` block');
  if (!/^\s*listen\s+[^;]+;/m.test(conf)) throw new Error('the nginx config has no listen directive');
  const servers = config.backends.map((b) => `        server ${b.host}:${b.port};`).join('\n');
  let rendered = conf
    .replace(
      upstream,
      (_match, open: string, body: string, close: string) =>
        `${open}\n${servers}\n${body.replace(/^\s*server\s+[^;]+;\n/gm, '').replace(/^\n+/, '')}${close}`,
    )
    .replace(/^(\s*)listen\s+[^;]+;/m, `$1listen 127.0.0.1:${config.listenPort};`);
  const refresher = /(upstream\s+refresher\s*\{)([^}]*)(\})/;
  if (refresher.test(rendered)) {
    const refreshers = config.refresher
      ? [
          `        server ${config.refresher.host}:${config.refresher.port} max_fails=1 fail_timeout=5s;`,
          ...config.backends.map((b) => `        server ${b.host}:${b.port} backup;`),
        ].join('\n')
      : servers;
    rendered = rendered.replace(
      refresher,
      (_match, open: string, body: string, close: string) =>
        `${open}\n${refreshers}\n${body.replace(/^\s*server\s+[^;]+;\n/gm, '').replace(/^\n+/, '')}${close}`,
    );
  }
  if (config.workerProcesses !== undefined) {
    rendered = rendered.replace(/^worker_processes\s+[^;]+;/m, `worker_processes ${config.workerProcesses};`);
  }
  return rendered;
}

export async function startNginx(config: NginxEdgeConfig): Promise<void> {
  const nginx = findNginx();
  if (!nginx) throw new Error('nginx is not installed (Debian: apt-get install nginx)');
  mkdirSync(config.workDir, { recursive: true });
  // Started as root, nginx's workers run as nobody: they must reach the cache inside.
  chmodSync(config.workDir, 0o755);
  writeFileSync(confFile(config), renderNginxConf(readFileSync(config.confPath, 'utf8'), config));
  // A trailing slash: nginx joins the prefix and the config's relative paths as strings.
  const started = spawnSync(nginx, ['-p', `${config.workDir}/`, '-c', confFile(config)], { encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`nginx failed: ${started.stderr || started.stdout}${errorLog(config)}`);
  const deadline = Date.now() + 10_000;
  while (!(await portOpen(config.listenPort))) {
    if (Date.now() > deadline) throw new Error(`nginx did not listen on 127.0.0.1:${config.listenPort}`);
    await sleep(50);
  }
}

/** Stops the nginx started with this config and waits until its master process is gone. */
export async function stopNginx(config: NginxEdgeConfig): Promise<void> {
  const pidPath = path.join(config.workDir, 'nginx.pid');
  if (!existsSync(pidPath)) return;
  const pid = Number(readFileSync(pidPath, 'utf8').trim());
  if (!signal(pid, 'SIGTERM')) return; // already gone
  // Until the master exits it still owns the port and, on its way out, deletes the pid file: a
  // new nginx started before then would lose its own.
  const deadline = Date.now() + 10_000;
  while (signal(pid, 0)) {
    if (Date.now() > deadline) throw new Error(`nginx (pid ${pid}) did not stop within 10 s`);
    await sleep(50);
  }
}

/** Whether the signal reached a live process (0 only asks whether it lives). */
function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

const confFile = (config: NginxEdgeConfig) => path.join(config.workDir, 'shop-edge.conf');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function errorLog(config: NginxEdgeConfig): string {
  const file = path.join(config.workDir, 'error.log');
  return existsSync(file) ? `\n${file}:\n${readFileSync(file, 'utf8').slice(-2_000)}` : '';
}
