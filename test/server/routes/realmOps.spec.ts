/**
 * Realm operations against simulated worldservers over real HTTP and WebSocket: the
 * console (allowlist, injection attempts, roles, audit log, event stream), health checks
 * for each failure mode, diagnostics bundles and player inspection in both flavours.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/server/gateway.ts';
import { type Simulator, startSimulator } from '../../../src/simulator/simulator.ts';
import { ADMIN_TOKEN, startTestGateway, VIEWER_TOKEN } from '../../helpers/gateway.ts';
import { openClient, type TestClient } from '../../helpers/ws.ts';

type Json = Record<string, unknown>;

describe('realm operations over HTTP and WebSocket', () => {
  let dir: string;
  let tc: Simulator;
  let ac: Simulator;
  let slow: Simulator;
  let down: Simulator;
  let gateway: Gateway;
  let base: string;
  let events: TestClient;

  const call = async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: Json; text: string; headers: Headers }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.token ?? ADMIN_TOKEN}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let body: Json = {};
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body, text, headers: response.headers };
  };
  const command = (realm: string, text: string, token?: string) =>
    call('POST', `/api/realms/${realm}/commands`, { token, body: { command: text } });
  const sent = (sim: Simulator, text: string) =>
    sim.requests.filter((request) => request.command === text).length;
  const auditLines = (): Json[] =>
    readFileSync(join(dir, 'audit.jsonl'), 'utf8').trimEnd().split('\n').map((line) =>
      JSON.parse(line)
    );
  const waitFor = async (check: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
    if (!check()) throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'realmops-'));
    [tc, ac, slow, down] = await Promise.all([
      startSimulator({
        flavor: 'tc',
        players: 4,
        tickMs: 0,
        seed: 7,
        accounts: [{ name: 'LOWGM', password: 'low', level: 1 }],
      }),
      startSimulator({ flavor: 'ac', players: 4, tickMs: 0, seed: 8 }),
      startSimulator({ flavor: 'tc', tickMs: 0, hangMs: 3000 }),
      startSimulator({ flavor: 'tc', tickMs: 0 }),
    ]);
    const realm = (id: string, sim: Simulator, soap: Json = {}) => ({
      id,
      flavor: sim.flavor === 'tc' ? 'trinitycore' as const : 'azerothcore' as const,
      soap: { url: sim.url, username: 'ADMIN', password: 'admin', timeoutMs: 2000, ...soap },
      poll: { intervalMs: 600_000 },
    });
    gateway = await startTestGateway({
      realms: [
        realm('tc', tc),
        realm('ac', ac),
        realm('wrongpass', tc, { password: 'nope' }),
        realm('lowgm', tc, { username: 'LOWGM', password: 'low' }),
        realm('slow', slow, { timeoutMs: 400 }),
        realm('down', down),
      ],
      console: { enabled: true, auditLog: join(dir, 'audit.jsonl'), perMinute: 1000 },
      diagnostics: { dir: join(dir, 'diagnostics') },
    });
    base = gateway.server.url.replace(/\/$/, '');
    // Every realm polled once: from here on, only the test's own requests reach the sims.
    await waitFor(
      () => (gateway.hub.recent().filter((e) => e.event.type.startsWith('server.')).length >= 6),
      'first polls',
    );
    // Then a quiet moment: the polls' second command (the online list) has been answered too.
    let seen = -1;
    let still = 0;
    await waitFor(() => {
      const total = [tc, ac, slow, down].reduce((sum, sim) => sum + sim.requests.length, 0);
      still = total === seen ? still + 1 : 0;
      seen = total;
      return still >= 4;
    }, 'quiet simulators');
    events = await openClient(`${base.replace(/^http/, 'ws')}/ws`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    events.send({ op: 'subscribe', id: 'dbg', types: ['debug.command'] });
    await events.next((m) => m.op === 'subscribed');
  }, 30_000);

  afterAll(async () => {
    events?.close();
    await gateway?.close();
    await Promise.all([tc, ac, slow, down].map((sim) => sim?.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  describe('console', () => {
    it('runs an allowed command and answers with its output', async () => {
      const before = sent(tc, 'server info');
      const { status, body } = await command('tc', ' .Server   Info');
      expect(status).toBe(200);
      expect(body).toMatchObject({ ok: true, allowed: true });
      expect(String(body.output)).toMatch(/TrinityCore rev\./);
      expect(sent(tc, 'Server Info')).toBe(1);
      expect(sent(tc, 'server info')).toBe(before);
    });

    it('denies a command outside the allowlist without any SOAP call', async () => {
      const requests = tc.requests.length;
      const { status, body } = await command('tc', 'server shutdown 1');
      expect(status).toBe(403);
      expect(body).toMatchObject({ error: 'not_allowed', allowed: false, ok: false });
      expect(tc.requests.length).toBe(requests);
      expect(sent(tc, 'server shutdown 1')).toBe(0);
    });

    it.each([
      ['server info\nserver shutdown 1', 'line_break'],
      ['server info\r\nserver shutdown 1', 'line_break'],
      ['</command></ns1:executeCommand><ns1:executeCommand><command>server shutdown 1', 'markup'],
      ['pinfo Thrall</command>', 'markup'],
      ['server info\u0000', 'control_character'],
      ['server info\u001b', 'control_character'],
      [`pinfo ${'x'.repeat(300)}`, 'too_long'],
    ])('refuses the injection attempt %j (%s) without any SOAP call', async (text, reason) => {
      const requests = tc.requests.length;
      const { status, body } = await command('tc', text);
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: reason, allowed: false });
      expect(tc.requests.length).toBe(requests);
    });

    it('refuses viewer tokens over HTTP (403) and WebSocket (error), and audits both', async () => {
      const requests = tc.requests.length;
      const http = await command('tc', 'server info', VIEWER_TOKEN);
      expect(http.status).toBe(403);
      expect(http.body).toMatchObject({ error: 'forbidden' });
      const viewer = await openClient(`${base.replace(/^http/, 'ws')}/ws`, {
        headers: { authorization: `Bearer ${VIEWER_TOKEN}` },
      });
      try {
        viewer.send({ op: 'command', id: 'c1', realm: 'tc', command: 'server info' });
        const error = await viewer.next((m) => m.op === 'error');
        expect(error).toMatchObject({ code: 'forbidden', ref: 'c1' });
      } finally {
        viewer.close();
      }
      expect(tc.requests.length).toBe(requests);
      await waitFor(
        () => auditLines().filter((l) => l.actor === 'viewer').length === 2,
        'viewer audit lines',
      );
      expect(auditLines().filter((l) => l.actor === 'viewer')).toEqual([
        expect.objectContaining({ via: 'http', allowed: false, reason: 'forbidden' }),
        expect.objectContaining({ via: 'ws', allowed: false, reason: 'forbidden' }),
      ]);
    });

    it('runs a command over WebSocket for an admin and replies with the outcome', async () => {
      const admin = await openClient(`${base.replace(/^http/, 'ws')}/ws`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      try {
        admin.send({ op: 'command', id: 'r1', realm: 'ac', command: 'account onlinelist' });
        const reply = await admin.next((m) => m.op === 'reply' && m.id === 'r1');
        expect(reply).toMatchObject({ ok: true, allowed: true });
        expect(String(reply.output)).toMatch(/Account/);
        admin.send({ op: 'command', id: 'r2', realm: 'ac', command: 'server info\nserver exit' });
        const denied = await admin.next((m) => m.op === 'reply' && m.id === 'r2');
        expect(denied).toMatchObject({ ok: false, allowed: false, reason: 'line_break' });
      } finally {
        admin.close();
      }
    });

    it('reports a worldserver fault with its text', async () => {
      const { status, body } = await command('tc', 'pinfo Nobodyhere');
      expect(status).toBe(200);
      expect(body).toMatchObject({ ok: false, allowed: true, reason: 'fault' });
      expect(String(body.output)).toMatch(/does not exist/);
    });

    it('puts every attempt in the audit log and on the event stream', async () => {
      const lines = auditLines().filter((line) => line.via !== 'inspect');
      const attempts = lines.filter((line) => line.via === 'http' || line.via === 'ws');
      // 1 allowed + 1 denied + 7 injections + 2 viewer + 2 ws + 1 fault so far.
      expect(attempts.length).toBeGreaterThanOrEqual(14);
      for (const line of attempts) {
        expect(line).toMatchObject({
          time: expect.any(String),
          actor: expect.any(String),
          realm: expect.any(String),
          command: expect.any(String),
          allowed: expect.any(Boolean),
          durationMs: expect.any(Number),
        });
      }
      expect(attempts.find((l) => l.reason === 'not_allowed')).toMatchObject({
        command: 'server shutdown 1',
        allowed: false,
      });
      expect(attempts.find((l) => l.command === ' .Server   Info')).toMatchObject({
        allowed: true,
        ok: true,
        output: expect.stringMatching(/TrinityCore/),
      });
      await waitFor(() => {
        const seen = events.messages.flatMap((m) =>
          m.op === 'event' ? [m.event] : m.op === 'events' ? (m.events as unknown[]) : []
        );
        return seen.length >= attempts.length;
      }, 'debug.command events');
      const seen = events.messages.flatMap((m) =>
        m.op === 'event' ? [m.event] : m.op === 'events' ? (m.events as unknown[]) : []
      ) as Json[];
      expect(seen.every((event) => event.type === 'debug.command')).toBe(true);
      const commands = seen.map((event) => (event.data as Json).command);
      for (const line of attempts) expect(commands).toContain(line.command);
      expect(seen.find((e) => (e.data as Json).reason === 'not_allowed')).toMatchObject({
        realm: 'tc',
        source: 'gateway',
        priority: 'high',
        data: { actor: 'admin', allowed: false },
      });
    });

    it('answers 404 for an unknown realm and 400 for a bad body', async () => {
      expect((await command('nowhere', 'server info')).status).toBe(404);
      const bad = await call('POST', '/api/realms/tc/commands', { body: { cmd: 1 } });
      expect(bad.status).toBe(400);
      const notJson = await fetch(`${base}/api/realms/tc/commands`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        body: 'server info',
      });
      expect(notJson.status).toBe(400);
    });
  });

  describe('health', () => {
    const health = async (realm: string) => {
      const { status, body } = await call('GET', `/api/realms/${realm}/health`, {
        token: VIEWER_TOKEN,
      });
      const parts = body.parts as Array<{ name: string; status: string; message: string }>;
      const part = (name: string) => parts.find((p) => p.name === name)!;
      return { status, body, part };
    };

    it('passes for a healthy realm with players and update diff', async () => {
      const { status, body, part } = await health('tc');
      expect(status).toBe(200);
      expect(body).toMatchObject({ realm: 'tc', status: 'ok' });
      expect(part('soap').status).toBe('ok');
      expect(part('auth').status).toBe('ok');
      expect(part('players')).toMatchObject({ status: 'ok', message: '4 characters online' });
      expect(part('updateDiff').status).toBe('ok');
      expect(part('metrics').status).toBe('skip');
      expect(part('log').status).toBe('skip');
    });

    it('names SOAP when the worldserver is down', async () => {
      await down.goDown();
      const { status, body, part } = await health('down');
      expect(status).toBe(503);
      expect(body.problems).toContain('soap');
      expect(part('soap').status).toBe('fail');
      expect(part('soap').message).toContain(`connection refused at 127.0.0.1:${down.port}`);
      expect(part('soap').message).toContain('SOAP.Enabled = 1');
      expect(body.summary).toMatch(/^soap: connection refused/);
    });

    it('names the account on 401 (wrong password)', async () => {
      const { status, part, body } = await health('wrongpass');
      expect(status).toBe(503);
      expect(part('soap').status).toBe('ok');
      expect(part('auth')).toMatchObject({ status: 'fail' });
      expect(part('auth').message).toMatch(/^SOAP answered 401: .*'ADMIN'.*password is wrong/);
      expect(body.summary).toMatch(/^auth: SOAP answered 401/);
    });

    it('names the security level on 403 (low-level account)', async () => {
      const { part } = await health('lowgm');
      expect(part('auth').status).toBe('fail');
      expect(part('auth').message).toMatch(
        /^SOAP answered 403: the account 'LOWGM' needs security level 3/,
      );
    });

    it('names a timeout when the worldserver is slow', async () => {
      slow.failNext({ kind: 'timeout', count: 1 });
      const { part, body } = await health('slow');
      expect(body.status).toBe('failing');
      expect(part('soap').status).toBe('fail');
      expect(part('soap').message).toMatch(/^no answer from 127\.0\.0\.1:\d+ within 400 ms/);
      expect(part('auth').status).toBe('skip');
    });

    it('refuses unknown realms and realms the token may not see', async () => {
      expect((await call('GET', '/api/realms/nowhere/health')).status).toBe(404);
      expect((await call('GET', '/api/realms/bad%20id/health')).status).toBe(400);
    });
  });

  describe('player inspection', () => {
    const someone = (sim: Simulator) =>
      [...sim.world.characters.values()].find((c) => c.online && c.guildId !== undefined) ??
        sim.world.online()[0];

    it.each(['tc', 'ac'])('parses pinfo of the %s flavour', async (realm) => {
      const sim = realm === 'tc' ? tc : ac;
      const character = someone(sim);
      const { status, body } = await call('GET', `/api/realms/${realm}/players/${character.name}`);
      expect(status).toBe(200);
      const player = body.player as Json;
      expect(player).toMatchObject({
        character: character.name,
        online: true,
        level: character.level,
        race: expect.any(String),
        class: expect.any(String),
        moneyCopper: character.money,
        money: expect.objectContaining({ gold: Math.floor(character.money / 10_000) }),
        map: expect.any(String),
        zone: expect.any(String),
        playedSeconds: expect.any(Number),
        account: expect.any(String),
      });
      if (character.guildId !== undefined) {
        expect(player.guild).toMatchObject({ name: sim.world.guilds.get(character.guildId)?.name });
      }
    });

    it('hides account details from viewers', async () => {
      const character = someone(tc);
      const { status, body } = await call('GET', `/api/realms/tc/players/${character.name}`, {
        token: VIEWER_TOKEN,
      });
      expect(status).toBe(200);
      const player = body.player as Json;
      expect(player.level).toBe(character.level);
      for (const field of ['account', 'accountId', 'email', 'lastIp', 'registrationEmail']) {
        expect(player).not.toHaveProperty(field);
      }
    });

    it('validates the name before any SOAP call and reports unknown characters', async () => {
      const requests = tc.requests.length;
      for (const name of ['a', 'Thrall1', 'Thrall%0Aserver%20exit', 'ThisNameIsTooLong']) {
        expect((await call('GET', `/api/realms/tc/players/${name}`)).status).toBe(400);
      }
      expect(tc.requests.length).toBe(requests);
      const missing = await call('GET', '/api/realms/tc/players/Nobodyhere');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ error: 'not_found' });
      expect(auditLines().filter((l) => l.via === 'inspect').length).toBeGreaterThanOrEqual(4);
    });

    it('explains an unreachable realm (502)', async () => {
      await down.goDown(); // idempotent: the health test may have taken it down already
      const { status, body } = await call('GET', '/api/realms/down/players/Thrall');
      expect(status).toBe(502);
      expect(body).toMatchObject({ error: 'unreachable' });
      expect(String(body.message)).toContain(`connection refused at 127.0.0.1:${down.port}`);
    });
  });

  describe('diagnostics', () => {
    it('bundles server info, server debug, online list, events, commands and metrics', async () => {
      const created = await call('POST', '/api/realms/tc/diagnostics');
      expect(created.status).toBe(201);
      const id = String(created.body.id);
      expect(id).toMatch(/^diag-tc-\d{8}T\d{6}Z-[a-z0-9]{6}$/);
      const file = join(dir, 'diagnostics', `${id}.json`);
      expect(existsSync(file)).toBe(true);
      const bundle = JSON.parse(readFileSync(file, 'utf8'));
      expect(bundle).toMatchObject({ format: 'realmstream-diagnostics', realm: 'tc', id });
      const commands = bundle.commands as Record<string, Json>;
      expect(commands['server info']).toMatchObject({ ok: true });
      expect(commands['server debug']).toMatchObject({ ok: true });
      expect(String(commands['server debug'].output)).toMatch(/Using .*DBC|Worldserver/);
      expect(commands['account onlinelist']).toMatchObject({ ok: true });
      expect(bundle.recentEvents.length).toBeGreaterThan(0);
      expect(bundle.recentEvents.every((e: Json) => e.realm === 'tc')).toBe(true);
      expect(bundle.recentCommands.length).toBeGreaterThan(0);
      expect(bundle.gateway.metrics).toMatch(/^# HELP/m);
      expect(bundle.gateway.stats.hub).toBeDefined();
      expect(bundle.health.realm).toBe('tc');
      expect(bundle.realmConfig.soap.password).toBe('<redacted>');

      const list = await call('GET', '/api/diagnostics');
      expect(list.body.bundles).toEqual(
        expect.arrayContaining([expect.objectContaining({ id, bytes: expect.any(Number) })]),
      );
      const download = await call('GET', `/api/diagnostics/${id}`);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-disposition')).toContain(`${id}.json`);
      expect(JSON.parse(download.text).id).toBe(id);
    });

    it('never leaves the folder and is admin-only', async () => {
      for (
        const id of [
          '..%2F..%2Fetc%2Fpasswd',
          'diag-..%2F..-20260101T000000Z-abcdef',
          'diag-tc-x',
          'audit',
        ]
      ) {
        expect((await call('GET', `/api/diagnostics/${id}`)).status).toBe(400);
      }
      const unknown = 'diag-tc-20260101T000000Z-abcdef';
      expect((await call('GET', `/api/diagnostics/${unknown}`)).status).toBe(404);
      expect((await call('GET', '/api/diagnostics', { token: VIEWER_TOKEN })).status).toBe(403);
      expect((await call('POST', '/api/realms/tc/diagnostics', { token: VIEWER_TOKEN })).status)
        .toBe(403);
    });
  });
});
