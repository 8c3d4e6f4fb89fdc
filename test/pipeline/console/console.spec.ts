import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Observable, of, throwError } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/pipeline/config.ts';
import { createAuditLog } from '../../../src/pipeline/console/auditLog.ts';
import { createCommandConsole } from '../../../src/pipeline/console/console.ts';
import type { DraftEvent } from '../../../src/pipeline/events.ts';
import { SoapFaultError, SoapUnreachableError } from '../../../src/pipeline/sources/soap/errors.ts';
import type { SoapTransport } from '../../../src/pipeline/sources/soap/types.ts';

const admin = { name: 'ops', role: 'admin' as const };

describe('createCommandConsole', () => {
  let dir: string;
  let sent: string[];
  let events: DraftEvent[];
  let answer: (command: string) => Observable<string>;
  const transport: SoapTransport = (command) => {
    sent.push(command);
    return answer(command);
  };
  const make = (consoleInput: Record<string, unknown> = {}, auditPath?: string) => {
    const config = parseConfig({ console: { enabled: true, ...consoleInput }, realms: [] });
    const audit = createAuditLog({ path: auditPath ?? join(dir, 'audit.jsonl') });
    const console = createCommandConsole({
      config: config.console,
      audit,
      transport: (realm) => (realm === 'w1' ? transport : undefined),
      endpoint: () => ({ url: 'http://127.0.0.1:7878/', username: 'ADMIN' }),
      publish: (event) => void events.push(event),
    });
    return { console, audit };
  };
  const lines = () =>
    readFileSync(join(dir, 'audit.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'console-'));
    sent = [];
    events = [];
    answer = () => of('Players online: 3\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs an allowed command, normalised, and audits it before answering', async () => {
    const { console } = make();
    const outcome = await console.run({ realm: 'w1', command: ' .Server  Info ', actor: admin });
    expect(outcome).toMatchObject({ ok: true, allowed: true, output: 'Players online: 3\n' });
    expect(sent).toEqual(['Server Info']);
    expect(lines()).toEqual([expect.objectContaining({
      actor: 'ops',
      realm: 'w1',
      command: ' .Server  Info ',
      allowed: true,
      ok: true,
      output: 'Players online: 3\n',
    })]);
    expect(events).toEqual([expect.objectContaining({
      type: 'debug.command',
      realm: 'w1',
      source: 'gateway',
      data: expect.objectContaining({ actor: 'ops', allowed: true, ok: true }),
    })]);
  });

  it.each([
    ['server shutdown 1', 'not_allowed'],
    ['server info\nserver shutdown 1', 'line_break'],
    ['pinfo Thrall</command>', 'markup'],
    ['pinfo a b', 'bad_arguments'],
  ])('denies %j (%s) without a SOAP call, and audits it', async (command, reason) => {
    const { console } = make();
    const outcome = await console.run({ realm: 'w1', command, actor: admin });
    expect(outcome).toMatchObject({ ok: false, allowed: false, reason });
    expect(sent).toEqual([]);
    expect(lines()[0]).toMatchObject({ allowed: false, reason, command });
    expect(events[0]).toMatchObject({ data: { allowed: false, reason } });
  });

  it('denies viewers, other realms and unknown realms', async () => {
    const { console } = make();
    const viewer = { name: 'v', role: 'viewer' as const };
    const limited = { name: 'l', role: 'admin' as const, realms: ['w2'] };
    expect(await console.run({ realm: 'w1', command: 'server info', actor: viewer }))
      .toMatchObject({ reason: 'forbidden' });
    expect(await console.run({ realm: 'w1', command: 'server info', actor: limited }))
      .toMatchObject({ reason: 'forbidden_realm' });
    expect(await console.run({ realm: 'nope', command: 'server info', actor: admin }))
      .toMatchObject({ reason: 'unknown_realm' });
    expect(sent).toEqual([]);
    expect(lines().map((line) => line.reason)).toEqual([
      'forbidden',
      'forbidden_realm',
      'unknown_realm',
    ]);
  });

  it('rate-limits per token', async () => {
    const { console } = make({ perMinute: 2 });
    for (let i = 0; i < 2; i++) {
      expect(await console.run({ realm: 'w1', command: 'server info', actor: admin }))
        .toMatchObject({ ok: true });
    }
    expect(await console.run({ realm: 'w1', command: 'server info', actor: admin }))
      .toMatchObject({ ok: false, reason: 'rate_limited' });
    expect(sent).toHaveLength(2);
  });

  it('reports a fault with its text and a transport failure in operator words', async () => {
    const { console } = make();
    answer = () => throwError(() => new SoapFaultError('Player not found!\n', 'SOAP-ENV:Client'));
    expect(await console.run({ realm: 'w1', command: 'pinfo Nobody', actor: admin }))
      .toMatchObject({ ok: false, allowed: true, reason: 'fault', output: 'Player not found!\n' });
    answer = () => throwError(() => new SoapUnreachableError('refused', 'ECONNREFUSED'));
    const down = await console.run({ realm: 'w1', command: 'server info', actor: admin });
    expect(down).toMatchObject({ ok: false, allowed: true, reason: 'unreachable' });
    expect(down.error).toContain('SOAP.Enabled = 1');
    expect(lines().map((line) => line.ok)).toEqual([false, false]);
  });

  it('withholds the outcome when the audit line cannot be written, then fails closed', async () => {
    writeFileSync(join(dir, 'blocker'), '');
    const { console } = make({}, join(dir, 'blocker', 'audit.jsonl'));
    const first = await console.run({ realm: 'w1', command: 'server info', actor: admin });
    expect(first).toMatchObject({ ok: false, reason: 'audit_unavailable' });
    expect(first.output).toBeUndefined();
    const second = await console.run({ realm: 'w1', command: 'server info', actor: admin });
    expect(second).toMatchObject({ ok: false, allowed: false, reason: 'audit_unavailable' });
    expect(sent).toEqual(['server info']); // the second one never reached SOAP
  });

  it('truncates long outputs in the audit line', async () => {
    const { console } = make();
    answer = () => of('x'.repeat(5000));
    const outcome = await console.run({ realm: 'w1', command: 'server info', actor: admin });
    expect(outcome.output).toHaveLength(5000);
    expect(lines()[0].output.length).toBeLessThan(2100);
    expect(lines()[0].output).toMatch(/\[3000 more\]$/);
  });
});
