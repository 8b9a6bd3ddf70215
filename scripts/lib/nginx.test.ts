import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderNginxConf } from './nginx';
import { repoRoot } from './repo';

const shipped = (file: string) => readFileSync(path.join(repoRoot, 'nginx', file), 'utf8');
const upstreamOf = (conf: string) => /upstream shop \{([^}]*)\}/.exec(conf)?.[1] ?? '';

describe('renderNginxConf', () => {
  it('puts our backends in place of the upstream servers, and keeps the keep-alive pool', () => {
    const backends = [
      { host: '127.0.0.1', port: 4001 },
      { host: '127.0.0.1', port: 4002 },
    ];
    const rendered = renderNginxConf(shipped('compose.conf'), { listenPort: 9001, backends });
    const servers = upstreamOf(rendered).match(/^\s*server [^;]+;/gm) ?? [];
    expect(servers.map((s) => s.trim())).toEqual(['server 127.0.0.1:4001;', 'server 127.0.0.1:4002;']);
    expect(upstreamOf(rendered)).toContain('keepalive 32;');
    expect(rendered).not.toContain('app1:3000');
  });

  it('listens on 127.0.0.1 and the given port only, and sets the worker count when asked', () => {
    const rendered = renderNginxConf(shipped('default.conf'), {
      listenPort: 9001,
      backends: [{ host: '127.0.0.1', port: 4001 }],
      workerProcesses: 1,
    });
    expect(rendered.match(/^\s*listen [^;]+;/gm)?.map((l) => l.trim())).toEqual(['listen 127.0.0.1:9001;']);
    expect(rendered).toMatch(/^worker_processes 1;$/m);
  });

  it('refuses a config without the upstream it rewrites, and an empty backend list', () => {
    expect(() => renderNginxConf('http { server { listen 80; } }', { listenPort: 1, backends: [] })).toThrow(
      'at least one backend',
    );
    expect(() =>
      renderNginxConf('http { server { listen 80; } }', { listenPort: 1, backends: [{ host: 'a', port: 1 }] }),
    ).toThrow('upstream shop');
  });
});
