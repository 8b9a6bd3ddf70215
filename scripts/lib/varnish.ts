/**
 * Runs a varnishd of our own (not the system service) with the shipped VCL pointed at a shop:
 * for the e2e suite and `npm run varnish`. Daemon mode with a pid file, so whoever holds the
 * work folder can stop it and start it again (the e2e spec takes Varnish down on purpose).
 * Imports nothing that needs ES modules: Playwright loads it as CommonJS from the spec.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

export interface VarnishConfig {
  /** Folder for the VCL copy, the pid file and varnishd's work files (`-n`). */
  workDir: string;
  listenPort: number;
  backendHost: string;
  backendPort: number;
  /** The VCL to run (varnish/default.vcl), its backend rewritten to the one above. */
  vclPath: string;
}

/** varnishd's path, or null when it is not installed. VARNISHD, when set, is the only candidate. */
export function findVarnishd(): string | null {
  const candidates = process.env.VARNISHD ? [process.env.VARNISHD] : ['/usr/sbin/varnishd', '/usr/local/sbin/varnishd'];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

/** The shipped VCL with the shop's address as its backend. */
export function renderVcl(vclPath: string, backendHost: string, backendPort: number): string {
  const vcl = readFileSync(vclPath, 'utf8');
  return vcl
    .replace(/(\.host\s*=\s*)"[^"]*"/, `$1"${backendHost}"`)
    .replace(/(\.port\s*=\s*)"[^"]*"/, `$1"${backendPort}"`);
}

export async function startVarnish(config: VarnishConfig): Promise<void> {
  const varnishd = findVarnishd();
  if (!varnishd) throw new Error('varnishd is not installed (Debian: apt-get install varnish)');
  mkdirSync(config.workDir, { recursive: true });
  const vclFile = path.join(config.workDir, 'shop.vcl');
  writeFileSync(vclFile, renderVcl(config.vclPath, config.backendHost, config.backendPort));
  // -j none: no privilege separation, so the work folder needs no varnish-user permissions.
  const args = ['-j', 'none', '-n', path.join(config.workDir, 'work'), '-a', `127.0.0.1:${config.listenPort}`];
  args.push('-f', vclFile, '-P', pidFile(config), '-s', 'malloc,64m');
  const started = spawnSync(varnishd, args, { encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`varnishd failed: ${started.stderr || started.stdout}`);
  await waitForPort(config.listenPort, 10_000);
}

/** Stops the varnishd started with this config, and waits until its port is closed. */
export async function stopVarnish(config: VarnishConfig): Promise<void> {
  if (!existsSync(pidFile(config))) return;
  const pid = Number(readFileSync(pidFile(config), 'utf8').trim());
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && (await portOpen(config.listenPort))) await sleep(50);
}

const pidFile = (config: VarnishConfig) => path.join(config.workDir, 'varnishd.pid');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (Date.now() > deadline) throw new Error(`varnishd did not listen on 127.0.0.1:${port}`);
    await sleep(50);
  }
}

/**
 * Loads and switches to a variant of the running VCL (`vcl.load` + `vcl.use` through varnishadm),
 * keeping the cache; `switchVcl(config, 'boot')` goes back to the one varnishd started with.
 */
export function loadVclVariant(config: VarnishConfig, name: string, edit: (vcl: string) => string): void {
  const file = path.join(config.workDir, `${name}.vcl`);
  writeFileSync(file, edit(renderVcl(config.vclPath, config.backendHost, config.backendPort)));
  varnishAdmin(config, 'vcl.load', name, file);
  switchVcl(config, name);
}

export function switchVcl(config: VarnishConfig, name: string): void {
  varnishAdmin(config, 'vcl.use', name);
}

function varnishAdmin(config: VarnishConfig, ...args: string[]): void {
  const run = spawnSync('varnishadm', ['-n', path.join(config.workDir, 'work'), ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`varnishadm ${args.join(' ')}: ${run.stdout}${run.stderr}`);
}
