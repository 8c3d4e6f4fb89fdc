/**
 * Deno runtime tests of the realm operations: the console (allowlist, audit log on Deno's
 * node:fs), the health check and a diagnostics bundle, on Deno.serve against a simulator.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parseConfig } from '../src/pipeline/config.ts';
import { silentLogger } from '../src/logger.ts';
import { startGateway } from '../src/server/gateway.ts';
import { startServer } from '../src/server/deno.ts';
import { startSimulator } from '../src/simulator/simulator.ts';

const ADMIN = 'deno-admin-token-0123456789';

Deno.test('console, health and diagnostics on Deno', async () => {
  const dir = await Deno.makeTempDir({ prefix: 'console-' });
  const sim = await startSimulator({ flavor: 'ac', tickMs: 0, players: 2 });
  const gateway = await startGateway({
    config: parseConfig({
      server: { host: '127.0.0.1', port: 0 },
      auth: { tokens: [{ name: 'ops', token: ADMIN, role: 'admin' }] },
      realms: [{
        id: 'w1',
        flavor: 'azerothcore',
        soap: { url: sim.url, username: 'ADMIN', password: 'admin' },
        poll: { intervalMs: 600_000 },
      }],
      console: { enabled: true, auditLog: `${dir}/audit.jsonl` },
      diagnostics: { dir: `${dir}/diag` },
    }),
    startServer,
    logger: silentLogger,
  });
  const base = gateway.server.url.replace(/\/$/, '');
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  try {
    const allowed = await call('POST', '/api/realms/w1/commands', { command: 'server info' });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.body.ok, true);
    assert.match(allowed.body.output, /^AzerothCore rev\./);

    const denied = await call('POST', '/api/realms/w1/commands', {
      command: 'server info\nserver shutdown 1',
    });
    assert.equal(denied.status, 400);
    assert.equal(denied.body.error, 'line_break');
    // No SOAP call: the simulator never saw it (its own polls may run meanwhile).
    assert.equal(sim.requests.filter((r) => r.command?.includes('shutdown')).length, 0);

    const audit = (await readFile(`${dir}/audit.jsonl`, 'utf8')).trimEnd().split('\n');
    assert.equal(audit.length, 2);
    assert.equal(JSON.parse(audit[1]).reason, 'line_break');

    const health = await call('GET', '/api/realms/w1/health');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'ok');

    const bundle = await call('POST', '/api/realms/w1/diagnostics');
    assert.equal(bundle.status, 201);
    const saved = JSON.parse(await readFile(`${dir}/diag/${bundle.body.id}.json`, 'utf8'));
    assert.equal(saved.commands['server debug'].ok, true);
  } finally {
    await gateway.close();
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});
