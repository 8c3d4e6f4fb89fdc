/**
 * Deno runtime test: the InfluxDB write routes on Deno.serve (peer address from Deno's
 * connection info, gzip through DecompressionStream, 204/401/413 answers).
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { silentLogger } from '../src/logger.ts';
import { parseConfig } from '../src/pipeline/config.ts';
import type { DraftEvent } from '../src/pipeline/events.ts';
import { startServer } from '../src/server/deno.ts';
import { startGateway } from '../src/server/gateway.ts';

const TOKEN = 'deno-ingest-token-0123456789';

Deno.test('Deno gateway accepts worldserver Metric writes', async () => {
  const config = parseConfig({
    server: { host: '127.0.0.1', port: 0 },
    auth: { tokens: [{ name: 'admin', token: TOKEN, role: 'admin' }] },
    realms: [{ id: 'world-1', flavor: 'trinitycore', simulate: {}, metrics: { enabled: true } }],
    ingest: { maxBodyBytes: 2048 },
  });
  const gateway = await startGateway({
    config,
    startServer,
    logger: silentLogger,
    sources: [],
    realmPipelines: false,
  });
  const events: DraftEvent[] = [];
  const subscription = gateway.ingest.events$('world-1').subscribe((e) => events.push(e));
  try {
    const body = 'player_events,realm=R title="Login",text="Thrall" 1764160000000000000\n' +
      'online_players,realm=R value=1i 1764160000000000000';
    const plain = await fetch(`${gateway.server.url}/write?db=world-1`, { method: 'POST', body });
    assert.equal(plain.status, 204);
    await plain.body?.cancel();
    const gzipped = await fetch(`${gateway.server.url}/api/v2/write?bucket=world-1`, {
      method: 'POST',
      body: gzipSync(body),
      headers: { authorization: `Token ${TOKEN}`, 'content-encoding': 'gzip' },
    });
    assert.equal(gzipped.status, 204);
    await gzipped.body?.cancel();
    const unauthenticated = await fetch(`${gateway.server.url}/api/v2/write?bucket=world-1`, {
      method: 'POST',
      body,
    });
    assert.equal(unauthenticated.status, 401);
    await unauthenticated.body?.cancel();
    const large = await fetch(`${gateway.server.url}/write?db=world-1`, {
      method: 'POST',
      body: 'm v=1i\n'.repeat(1000),
    });
    assert.equal(large.status, 413);
    await large.body?.cancel();
    assert.deepEqual(events.map((e) => e.type), [
      'player.login',
      'server.info',
      'player.login',
      'server.info',
    ]);
  } finally {
    subscription.unsubscribe();
    await gateway.close();
  }
});
