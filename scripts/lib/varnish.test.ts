import { describe, expect, it } from 'vitest';
import { rewriteBackends } from './varnish';

const vcl = `vcl 4.1;
backend app1 {
    .host = "app1";
    .port = "3000";
    .probe = health;
}

backend app2 {
    .host = "app2";
    .port = "3000";
}
`;

describe('rewriteBackends', () => {
  it('rewrites each named backend and only its own address', () => {
    const rewritten = rewriteBackends(vcl, { app2: { host: '127.0.0.1', port: 4002 } });
    expect(rewritten).toContain('backend app1 {\n    .host = "app1";\n    .port = "3000";\n    .probe = health;');
    expect(rewritten).toContain('backend app2 {\n    .host = "127.0.0.1";\n    .port = "4002";');
  });

  it('refuses a backend the VCL does not have', () => {
    expect(() => rewriteBackends(vcl, { app3: { host: '127.0.0.1', port: 1 } })).toThrow('no backend named app3');
  });
});
