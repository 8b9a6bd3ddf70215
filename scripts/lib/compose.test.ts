/**
 * docker-compose.yml cannot run on a machine without Docker (nor in this suite), so its wiring
 * is checked here: both instances share one Redis and purge the Varnish shoppers reach, Varnish
 * runs varnish/compose.vcl with the two instances as backends, and compose.vcl keeps the rules
 * of varnish/default.vcl (which the e2e suite exercises). `npm run demo:scaled` and
 * e2e/scaled-shop.spec.ts run the same picture without Docker.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compose, composeWorkers, type ComposeService } from '../../testing/compose-file';
import { repoRoot } from './repo';
import { shouldSkipFor } from './required-services';
import { findVarnishd, rewriteBackends, vclCompileError } from './varnish';

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const composeVcl = read('varnish/compose.vcl');
const defaultVcl = read('varnish/default.vcl');

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

function env(name: string, variable: string): string {
  const value = service(name).environment?.[variable];
  if (value === undefined) throw new Error(`${name} does not set ${variable}`);
  return value;
}

/** The one "host:container" port mapping of a service. */
function publishedPort(name: string): { host: number; container: number } {
  const ports = service(name).ports ?? [];
  expect(ports, `${name} publishes one port`).toHaveLength(1);
  const [host, container] = String(ports[0]).split(':').map(Number);
  return { host: host ?? NaN, container: container ?? NaN };
}

/** Whether an IPv4 address is inside a CIDR block. */
function inSubnet(address: string, cidr: string): boolean {
  const toNumber = (ip: string) => ip.split('.').reduce((value, part) => value * 256 + Number(part), 0);
  const [base = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(toNumber(base) / size) * size;
  const value = toNumber(address);
  return /^\d+\.\d+\.\d+\.\d+$/.test(address) && value >= start && value < start + size;
}

/** Without comments, whitespace runs as one space: two VCL texts that differ only in those compare equal. */
function vclCode(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(#|\/\/).*$/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The bodies of a VCL's `<kind> <name> { ... }` blocks (sub, acl, backend, probe), by name. */
function vclBlocks(vcl: string, kind: string): Map<string, string> {
  const code = vclCode(vcl);
  const blocks = new Map<string, string>();
  for (const match of code.matchAll(new RegExp(`\\b${kind} (\\w+) \\{`, 'g'))) {
    let depth = 1;
    let end = (match.index ?? 0) + match[0].length;
    while (depth > 0 && end < code.length) {
      if (code[end] === '{') depth += 1;
      if (code[end] === '}') depth -= 1;
      end += 1;
    }
    blocks.set(match[1] ?? '', code.slice((match.index ?? 0) + match[0].length, end - 1).trim());
  }
  return blocks;
}

/** A backend's `.host` and `.port`. */
function backendAddress(vcl: string, name: string): { host: string; port: string } {
  const body = vclBlocks(vcl, 'backend').get(name);
  if (!body) throw new Error(`no backend ${name}`);
  return { host: /\.host = "([^"]*)"/.exec(body)?.[1] ?? '', port: /\.port = "([^"]*)"/.exec(body)?.[1] ?? '' };
}

/** The workers: every service with PURGE_ROLE=worker (so a third one added is checked like these). */
const WORKERS = composeWorkers;
/** The app containers: the two web instances and the workers. */
const APPS = ['app1', 'app2', ...WORKERS];

describe('docker-compose.yml', () => {
  it('gives app1 and app2 one environment: the same database, Redis and edge target', () => {
    expect(service('app2').environment).toEqual(service('app1').environment);
  });

  it('runs app1 and app2 as web instances and workers that regenerate for both, on the same settings and build', () => {
    expect(env('app1', 'PURGE_ROLE')).toBe('web');
    for (const worker of WORKERS) {
      expect(env(worker, 'PURGE_ROLE')).toBe('worker');
      expect({ ...service(worker).environment, PURGE_ROLE: 'web' }).toEqual(service('app1').environment);
      expect(service(worker).ports ?? [], `shoppers never reach ${worker}`).toEqual([]);
      expect((service(worker).volumes ?? []).find((volume) => volume.endsWith(':/app/.next'))).toBe(
        (service('app1').volumes ?? []).find((volume) => volume.endsWith(':/app/.next')),
      );
      // Unset unless .env sets WORKER_CPU_SHARES: Docker treats 0 as no weight given, as for app1
      // and app2 (an explicit 1024 maps to a lower cgroup v2 weight than none on some runtimes).
      expect(service(worker).cpu_shares, `${worker} can be put below app1 and app2`).toBe('${WORKER_CPU_SHARES:-0}');
      expect(service(worker).depends_on?.app1, `${worker} starts on app1's build`).toEqual({
        condition: 'service_healthy',
        restart: true,
      });
    }
    for (const web of ['app1', 'app2'])
      expect(service(web).cpu_shares, `${web} keeps the default weight`).toBeUndefined();
    // The second worker only when asked for (`--profile second-worker`): it takes CPU the web
    // instances may need, the less so below them (WORKER_CPU_SHARES).
    expect(WORKERS).toEqual(['worker', 'worker-2']);
    expect(service('worker').profiles, 'the first worker always runs').toBeUndefined();
    expect(service('worker-2').profiles).toEqual(['second-worker']);
    // Varnish sends shoppers to the two web instances only; the first worker gets the app's refreshes.
    expect([...vclBlocks(composeVcl, 'backend').keys()].sort()).toEqual(['app1', 'app2', 'worker']);
    expect(backendAddress(composeVcl, 'worker')).toEqual({ host: 'worker', port: env('worker', 'PORT') });
  });

  it('starts without its profiles: no service that always runs depends on or names one that may not', () => {
    const profiled = Object.keys(compose.services).filter((name) => (service(name).profiles ?? []).length > 0);
    expect(profiled, 'the second worker, at least').toContain('worker-2');
    for (const [name, definition] of Object.entries(compose.services)) {
      if ((definition.profiles ?? []).length > 0) continue;
      // depends_on is a map here; its list form names the services directly.
      const dependsOn = definition.depends_on ?? {};
      for (const dependency of Array.isArray(dependsOn) ? (dependsOn as string[]) : Object.keys(dependsOn))
        expect(profiled, `${name} depends on ${dependency}`).not.toContain(dependency);
    }
    // An edge config naming a host that does not resolve fails to load (Varnish) or to start (nginx).
    const nginxConf = read('nginx/compose.conf').replace(/#.*$/gm, '');
    const vclHosts = [...vclBlocks(composeVcl, 'backend').keys()].map(
      (backend) => backendAddress(composeVcl, backend).host,
    );
    for (const name of profiled) {
      expect(vclHosts, `compose.vcl names ${name}`).not.toContain(name);
      expect(nginxConf, `compose.conf names ${name}`).not.toMatch(new RegExp(`[\\s/]${name}[:;\\s]`));
    }
  });

  it('points REDIS_URL at the redis service on its default port', () => {
    const redis = new URL(env('app1', 'REDIS_URL'));
    expect(redis.protocol).toBe('redis:');
    expect(redis.hostname).toBe('redis');
    expect(redis.port || '6379').toBe('6379');
    expect(service('redis').command ?? [], 'redis-server keeps its default port').not.toContain('--port');
  });

  it('purges the varnish service on the port it listens on, with the Host shoppers use', () => {
    const edge = new URL(env('app1', 'EDGE_VARNISH_URL'));
    expect(edge.hostname).toBe('varnish');
    const varnish = publishedPort('varnish');
    expect(Number(edge.port || 80)).toBe(varnish.container);
    expect(env('app1', 'EDGE_SHOP_HOST')).toBe(`localhost:${varnish.host}`);
  });

  it('runs varnish/compose.vcl as the Varnish image’s VCL', () => {
    expect(service('varnish').volumes).toContain('./varnish/compose.vcl:/etc/varnish/default.vcl:ro');
  });

  it('has each app listen on PORT, the container port it publishes', () => {
    for (const app of ['app1', 'app2']) expect(publishedPort(app).container).toBe(Number(env(app, 'PORT')));
  });

  it('checks the apps on /api/health/live, never /api/health: a stuck purge must alert, not take the shop down', () => {
    expect(JSON.stringify(service('app1').healthcheck)).toContain('/api/health/live');
    expect(JSON.stringify(service('app1').healthcheck)).not.toMatch(/api\/health['")]/);
    expect(vclBlocks(composeVcl, 'probe').get('health')).toContain('.url = "/api/health/live";');
  });
});

describe('varnish/compose.vcl', () => {
  it('sends to app1 and app2 on the port the apps listen on, round robin', () => {
    for (const app of ['app1', 'app2']) {
      expect(backendAddress(composeVcl, app)).toEqual({ host: app, port: env(app, 'PORT') });
    }
    const init = vclBlocks(composeVcl, 'sub').get('vcl_init') ?? '';
    expect(init).toContain('shops = directors.round_robin()');
    expect(init).toContain('shops.add_backend(app1);');
    expect(init).toContain('shops.add_backend(app2);');
    expect(vclBlocks(composeVcl, 'sub').get('vcl_recv')).toMatch(/^set req\.backend_hint = shops\.backend\(\);/);
    expect(init, 'the worker serves no shopper').not.toContain('add_backend(worker)');
  });

  it("fetches the app's refreshes from the worker while it is healthy", () => {
    expect(vclBlocks(composeVcl, 'sub').get('vcl_recv')).toContain(
      'if (req.restarts == 0) { unset req.http.X-Edge-Held; } else { set req.hash_always_miss = true; } if (std.healthy(worker)) { set req.backend_hint = worker; }',
    );
  });

  it('keeps the rules of varnish/default.vcl: the same subroutines, apart from choosing the backend', () => {
    const rules = vclBlocks(defaultVcl, 'sub');
    const composeRules = vclBlocks(composeVcl, 'sub');
    composeRules.delete('vcl_init');
    composeRules.set(
      'vcl_recv',
      (composeRules.get('vcl_recv') ?? '')
        .replace(/^set req\.backend_hint = shops\.backend\(\);\s*/, '')
        .replace(/^if \(req\.url ~ [^{]*&& std\.healthy\(worker\)\) \{ set req\.backend_hint = worker; \}\s*/, '')
        .replace(/\s*if \(std\.healthy\(worker\)\) \{ set req\.backend_hint = worker; \}/, ''),
    );
    expect(Object.fromEntries(composeRules)).toEqual(Object.fromEntries(rules));
  });

  it('lets PURGE through from where default.vcl does and from the app and worker containers, nowhere else', () => {
    const entries = (vcl: string) =>
      (vclBlocks(vcl, 'acl').get('purgers') ?? '')
        .split(';')
        .map((entry) => entry.trim())
        .filter(Boolean);
    const appAddresses = APPS.map((name) => `"${service(name).networks?.default?.ipv4_address ?? '?'}"`);
    expect(entries(composeVcl).sort()).toEqual([...entries(defaultVcl), ...appAddresses].sort());
  });

  it('gives the apps fixed addresses outside the range other containers get theirs from', () => {
    const [pool] = compose.networks?.default?.ipam?.config ?? [];
    expect(pool?.ip_range, 'a range for the other containers').toBeDefined();
    const addresses = APPS.map((name) => service(name).networks?.default?.ipv4_address);
    expect(new Set(addresses).size, 'each app its own address').toBe(APPS.length);
    for (const name of APPS) {
      const address = service(name).networks?.default?.ipv4_address ?? '';
      expect(inSubnet(address, pool?.subnet ?? ''), `${name} in the network`).toBe(true);
      expect(inSubnet(address, pool?.ip_range ?? ''), `${name} outside the dynamic range`).toBe(false);
    }
  });

  it('serves one build from both instances (one build id, so one set of Redis keys and static files)', () => {
    const buildVolume = (name: string) =>
      (service(name).volumes ?? []).find((volume) => volume.endsWith(':/app/.next'));
    expect(buildVolume('app1')).toBeDefined();
    expect(buildVolume('app2')).toBe(buildVolume('app1'));
    // And app2 is stopped while app1 rebuilds it (else it serves a build being rewritten).
    expect(service('app2').depends_on?.app1).toEqual({ condition: 'service_healthy', restart: true });
  });

  const varnishd = findVarnishd();
  it.skipIf(shouldSkipFor(varnishd ? undefined : 'varnishd is not installed: compose.vcl is not compiled'))(
    'compiles with varnishd (backend hosts made resolvable here)',
    () => {
      const local = { host: '127.0.0.1', port: 3000 };
      expect(
        vclCompileError(varnishd ?? '', rewriteBackends(composeVcl, { app1: local, app2: local, worker: local })),
      ).toBeNull();
    },
  );
});
