/**
 * Runs a varnishd of our own (not the system service) with a shipped VCL pointed at a shop:
 * for the e2e suite (varnish/default.vcl, one backend) and `npm run demo:scaled`
 * (varnish/compose.vcl, its backends app1 and app2 rewritten by name). Daemon mode with a pid file, so whoever holds the
 * work folder can stop it and start it again (the e2e spec takes Varnish down on purpose).
 * Imports nothing that needs ES modules: Playwright loads it as CommonJS from the spec.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { portOpen } from './free-port';

export interface BackendAddress {
  host: string;
  port: number;
}

export type VarnishConfig = {
  /** Folder for the VCL copy, the pid file and varnishd's work files (`-n`). */
  workDir: string;
  listenPort: number;
  /** The VCL to run, its backends rewritten to the addresses below. */
  vclPath: string;
} & (
  | {
      /** The VCL's first backend (varnish/default.vcl has just one). */
      backendHost: string;
      backendPort: number;
    }
  | {
      /** Each named backend of the VCL (varnish/compose.vcl: app1, app2); every one must exist. */
      backends: Record<string, BackendAddress>;
    }
);

/** varnishd's path, or null when it is not installed. VARNISHD, when set, is the only candidate. */
export function findVarnishd(): string | null {
  const candidates = process.env.VARNISHD ? [process.env.VARNISHD] : ['/usr/sbin/varnishd', '/usr/local/sbin/varnishd'];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

/** The shipped VCL with the shop's address as its (first) backend. */
export function renderVcl(vclPath: string, backendHost: string, backendPort: number): string {
  const vcl = readFileSync(vclPath, 'utf8');
  return vcl
    .replace(/(\.host\s*=\s*)"[^"]*"/, `$1"${backendHost}"`)
    .replace(/(\.port\s*=\s*)"[^"]*"/, `$1"${backendPort}"`);
}

/**
 * `vcl` with the `.host` and `.port` of each named backend replaced. A name the VCL lacks is an
 * error: a renamed backend would otherwise keep pointing at a host that is not there.
 */
export function rewriteBackends(vcl: string, backends: Record<string, BackendAddress>): string {
  return Object.entries(backends).reduce((text, [name, address]) => {
    const block = new RegExp(`(backend\\s+${name}\\s*\\{)([^}]*)(\\})`);
    if (!block.test(text)) throw new Error(`the VCL has no backend named ${name}`);
    return text.replace(
      block,
      (_match, open: string, body: string, close: string) =>
        open +
        body
          .replace(/(\.host\s*=\s*)"[^"]*"/, `$1"${address.host}"`)
          .replace(/(\.port\s*=\s*)"[^"]*"/, `$1"${address.port}"`) +
        close,
    );
  }, vcl);
}

/** The VCL this config runs: its file with the configured backend addresses. */
export function configuredVcl(config: VarnishConfig): string {
  if ('backends' in config) return rewriteBackends(readFileSync(config.vclPath, 'utf8'), config.backends);
  return renderVcl(config.vclPath, config.backendHost, config.backendPort);
}

/**
 * Compiles `vcl` with `varnishd -C` and returns varnishd's complaint, or null when it compiles.
 * varnishd resolves backend hosts while compiling, so they must be resolvable here.
 */
export function vclCompileError(varnishd: string, vcl: string): string | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'storefront-vcl-check-'));
  try {
    writeFileSync(path.join(dir, 'check.vcl'), vcl);
    const args = ['-j', 'none', '-C', '-n', path.join(dir, 'work'), '-f', path.join(dir, 'check.vcl')];
    // -C prints the generated C on stderr when it succeeds: only the exit status says which.
    const compiled = spawnSync(varnishd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return compiled.status === 0 ? null : `${compiled.stderr}${compiled.stdout}`.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startVarnish(config: VarnishConfig): Promise<void> {
  const varnishd = findVarnishd();
  if (!varnishd) throw new Error('varnishd is not installed (Debian: apt-get install varnish)');
  mkdirSync(config.workDir, { recursive: true });
  const vclFile = path.join(config.workDir, 'shop.vcl');
  writeFileSync(vclFile, configuredVcl(config));
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
  writeFileSync(file, edit(configuredVcl(config)));
  varnishAdmin(config, 'vcl.load', name, file);
  switchVcl(config, name);
}

export function switchVcl(config: VarnishConfig, name: string): void {
  varnishAdmin(config, 'vcl.use', name);
}

/**
 * Waits until the health probes of the running VCL's backends (varnish/compose.vcl has them)
 * say healthy, all of them or those named in `only`: until then its director has no backend and
 * shoppers get a 503.
 */
export async function waitForHealthyBackends(
  config: VarnishConfig,
  timeoutMs: number,
  only?: readonly string[],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // `backend.list -j`: [version, argv, time, { "<vcl>.<name>": { type, probe_message: [good, window, health] } }]
    const listed = JSON.parse(varnishAdmin(config, 'backend.list', '-j')) as [
      number,
      string[],
      number,
      Record<string, { type: string; probe_message: [number, number, string] | string }>,
    ];
    const sick = Object.entries(listed[3])
      .filter(([name]) => only === undefined || only.includes(name.slice(name.lastIndexOf('.') + 1)))
      .filter(([, backend]) => backend.type === 'backend' && backend.probe_message[2] !== 'healthy')
      .map(([name]) => name);
    if (sick.length === 0) return;
    if (Date.now() > deadline) throw new Error(`Varnish still finds ${sick.join(', ')} sick after ${timeoutMs} ms`);
    await sleep(200);
  }
}

function varnishAdmin(config: VarnishConfig, ...args: string[]): string {
  const run = spawnSync('varnishadm', ['-n', path.join(config.workDir, 'work'), ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`varnishadm ${args.join(' ')}: ${run.stdout}${run.stderr}`);
  return run.stdout;
}
