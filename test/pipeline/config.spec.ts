import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  defaultConfig,
  loadConfigFile,
  parseConfig,
  parseConfigText,
  resolveEnvReferences,
} from '../../src/pipeline/config.ts';

const env = (vars: Record<string, string>) => (name: string) => vars[name];

describe('config', () => {
  it('defaultConfig() round-trips through validation', () => {
    const config = defaultConfig();
    expect(parseConfig(config)).toEqual(config);
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8787 });
    expect(config.realms).toHaveLength(1);
    expect(config.realms[0]).toMatchObject({
      id: 'sim',
      flavor: 'trinitycore',
      poll: { intervalMs: 5000 },
    });
  });

  it('accepts the documented example', () => {
    const config = parseConfigText(
      JSON.stringify({
        server: { host: '127.0.0.1', port: 8787, allowedOrigins: [] },
        auth: { tokens: [{ name: 'ops', token: 'env:RS_ADMIN_TOKEN', role: 'admin' }] },
        realms: [{
          id: 'world-1',
          flavor: 'trinitycore',
          soap: { url: 'http://127.0.0.1:7878/', username: 'ADMIN', password: 'env:SOAP_PASSWORD' },
          poll: { intervalMs: 5000 },
          metrics: { enabled: true },
          log: { path: 'logs/Events.log' },
        }],
        recording: { dir: 'recordings', auto: false },
      }),
      env({ RS_ADMIN_TOKEN: 'a-very-long-admin-token', SOAP_PASSWORD: 'admin' }),
    );
    expect(config.auth.tokens[0].token).toBe('a-very-long-admin-token');
    expect(config.realms[0].soap?.password).toBe('admin');
    expect(config.realms[0].soap?.timeoutMs).toBe(10_000);
  });

  it('rejects unknown keys with their path', () => {
    expect(() => parseConfig({ server: { prot: 1 } })).toThrow(/server\.prot/);
  });

  it('lists every problem at once', () => {
    try {
      parseConfig({ server: { port: 70000 }, realms: [{ id: '../x', flavor: 'mangos' }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/server\.port/);
      expect(problems).toMatch(/realms\.0\.id/);
      expect(problems).toMatch(/realms\.0\.flavor/);
    }
  });

  it('rejects duplicate realm ids and realms with no source', () => {
    expect(() =>
      parseConfig({
        realms: [{ id: 'a', flavor: 'trinitycore', simulate: {} }, {
          id: 'a',
          flavor: 'trinitycore',
          simulate: {},
        }],
      })
    )
      .toThrow(/unique/);
    expect(() => parseConfig({ realms: [{ id: 'a', flavor: 'trinitycore' }] })).toThrow(/"soap"/);
  });

  it('rejects short tokens and unknown event types in token restrictions', () => {
    expect(() => parseConfig({ auth: { tokens: [{ name: 'x', token: 'short', role: 'admin' }] } }))
      .toThrow(/16/);
    expect(() =>
      parseConfig({
        auth: {
          tokens: [{ name: 'x', token: 'long-enough-token-1', role: 'viewer', types: ['nope.*'] }],
        },
      })
    ).toThrow(/unknown event type/);
    expect(
      parseConfig({
        auth: {
          tokens: [{
            name: 'x',
            token: 'long-enough-token-1',
            role: 'viewer',
            types: ['player.*', '*'],
          }],
        },
      })
        .auth.tokens[0].types,
    ).toEqual(['player.*', '*']);
  });

  it('names missing env variables without printing any secret', () => {
    expect(() => resolveEnvReferences({ a: { b: 'env:NOPE' } }, env({}))).toThrow(
      /a\.b: environment variable NOPE is not set/,
    );
  });

  it('reports invalid JSON with the file name', () => {
    expect(() => parseConfigText('{ nope', env({}), 'my.json')).toThrow(
      /my\.json is not valid JSON/,
    );
  });

  it('loads .json and .mjs files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-config-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ server: { port: 9000 } }));
    writeFileSync(join(dir, 'b.mjs'), 'export default { server: { port: 9001 } };');
    expect((await loadConfigFile(join(dir, 'a.json'), env({}))).server.port).toBe(9000);
    expect((await loadConfigFile(join(dir, 'b.mjs'), env({}))).server.port).toBe(9001);
    await expect(loadConfigFile(join(dir, 'missing.json'), env({}))).rejects.toThrow(/cannot read/);
  });

  it('takes pipelines only as functions (a JSON file cannot hold one)', async () => {
    expect(() => parseConfigText('{"pipelines": ["lagAlerts"]}', env({}), 'x.json')).toThrow(
      /pipelines\.0: a pipeline is a function/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'rs-config-'));
    writeFileSync(
      join(dir, 'p.mjs'),
      'export default { pipelines: [function quiet({ events$ }) { return events$; }] };',
    );
    const config = await loadConfigFile(join(dir, 'p.mjs'), env({}));
    expect(config.pipelines.map((pipeline) => pipeline.name)).toEqual(['quiet']);
    expect(parseConfig({}).pipelines).toEqual([]);
  });
});
