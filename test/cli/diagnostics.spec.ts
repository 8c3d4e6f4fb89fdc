import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/context.ts';
import { runCli } from '../../src/cli/main.ts';
import type { Gateway } from '../../src/server/gateway.ts';
import { type Simulator, startSimulator } from '../../src/simulator/simulator.ts';
import { ADMIN_TOKEN, startTestGateway, VIEWER_TOKEN } from '../helpers/gateway.ts';

function fakeContext(cwd: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const context: CliContext = {
    runtime: 'node',
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: (name) => env[name],
    cwd,
    uiRoot: '/nonexistent',
    startServer: () => Promise.reject(new Error('not in this test')),
    stopSignal: new Promise(() => {}),
  };
  return { context, out: () => out.join(''), err: () => err.join('') };
}

describe('realmstream diagnostics and soap --gateway', () => {
  let dir: string;
  let sim: Simulator;
  let gateway: Gateway;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cli-diag-'));
    sim = await startSimulator({ flavor: 'ac', players: 2, tickMs: 0 });
    gateway = await startTestGateway({
      realms: [{
        id: 'w1',
        flavor: 'azerothcore',
        soap: { url: sim.url, username: 'ADMIN', password: 'admin' },
        poll: { intervalMs: 600_000 },
      }],
      console: { enabled: true, auditLog: join(dir, 'audit.jsonl') },
      diagnostics: { dir: join(dir, 'bundles') },
    });
    url = gateway.server.url;
  });

  afterAll(async () => {
    await gateway?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('captures a bundle, saves a copy with --out, and lists it', async () => {
    const { context, out } = fakeContext(dir, { RS_TOKEN: ADMIN_TOKEN });
    expect(await runCli(['diagnostics', 'w1', '--gateway', url, '--out', 'copy.json'], context))
      .toBe(0);
    const id = /bundle (diag-\S+)/.exec(out())![1];
    const copy = JSON.parse(readFileSync(join(dir, 'copy.json'), 'utf8'));
    expect(copy).toMatchObject({ id, realm: 'w1', format: 'realmstream-diagnostics' });
    expect(Object.keys(copy.commands)).toEqual([
      'server info',
      'server debug',
      'account onlinelist',
    ]);
    const listed = fakeContext(dir, { RS_TOKEN: ADMIN_TOKEN });
    expect(await runCli(['diagnostics', '--list', '--gateway', url], listed.context)).toBe(0);
    expect(listed.out()).toContain(id);
  });

  it('fails with the gateway message for viewers and unknown realms, and without a token', async () => {
    const viewer = fakeContext(dir, { RS_TOKEN: VIEWER_TOKEN });
    expect(await runCli(['diagnostics', 'w1', '--gateway', url], viewer.context)).toBe(1);
    expect(viewer.err()).toMatch(/HTTP 403: diagnostics need an admin token/);
    const unknown = fakeContext(dir, { MY_TOKEN: ADMIN_TOKEN });
    expect(
      await runCli(
        ['diagnostics', 'nope', '--gateway', url, '--token-env', 'MY_TOKEN'],
        unknown.context,
      ),
    ).toBe(1);
    expect(unknown.err()).toMatch(/HTTP 404/);
    const none = fakeContext(dir);
    expect(await runCli(['diagnostics', 'w1', '--gateway', url], none.context)).toBe(2);
    expect(none.err()).toMatch(/set RS_TOKEN/);
  });

  it('says when the gateway cannot be reached', async () => {
    const { context, err } = fakeContext(dir, { RS_TOKEN: ADMIN_TOKEN });
    expect(await runCli(['diagnostics', 'w1', '--gateway', 'http://127.0.0.1:9'], context))
      .toBe(1);
    expect(err()).toMatch(/cannot reach the gateway at http:\/\/127\.0\.0\.1:9/);
  });

  it('soap --gateway runs allowed commands through the console and reports refusals', async () => {
    const ok = fakeContext(dir, { RS_TOKEN: ADMIN_TOKEN });
    expect(await runCli(['soap', '--gateway', url, '--realm', 'w1', 'server', 'info'], ok.context))
      .toBe(0);
    expect(ok.out()).toMatch(/^AzerothCore rev\./);
    const denied = fakeContext(dir, { RS_TOKEN: ADMIN_TOKEN });
    const before = sim.requests.length;
    expect(
      await runCli(
        ['soap', '--gateway', url, '--realm', 'w1', 'server shutdown 1'],
        denied.context,
      ),
    ).toBe(1);
    expect(denied.err()).toMatch(/HTTP 403: this command is not in the console allowlist/);
    expect(sim.requests.length).toBe(before);
    const fault = fakeContext(dir, { RS_TOKEN: ADMIN_TOKEN });
    expect(
      await runCli(['soap', '--gateway', url, '--realm', 'w1', 'pinfo Nobody'], fault.context),
    ).toBe(1);
    expect(fault.err()).toMatch(/does not exist/);
    const usage = fakeContext(dir, { RS_TOKEN: ADMIN_TOKEN });
    expect(await runCli(['soap', '--realm', 'w1', 'server info'], usage.context)).toBe(2);
    const audit = readFileSync(join(dir, 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"command":"server shutdown 1"');
  });
});
