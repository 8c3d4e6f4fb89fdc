/**
 * Deno runtime smoke tests: the same app on Deno.serve, reached over real sockets.
 */
import assert from 'node:assert/strict';
import { parseConfig } from '../src/pipeline/config.ts';
import { silentLogger } from '../src/logger.ts';
import { startGateway } from '../src/server/gateway.ts';
import { startServer } from '../src/server/deno.ts';

const TOKEN = 'deno-test-token-0123456789';

function testConfig() {
  return parseConfig({
    server: { host: '127.0.0.1', port: 0 },
    auth: { tokens: [{ name: 'deno', token: TOKEN, role: 'viewer' }] },
  });
}

Deno.test('Deno server serves /healthz on a real port', async () => {
  const gateway = await startGateway({ config: testConfig(), startServer, logger: silentLogger });
  try {
    const response = await fetch(`${gateway.server.url}/healthz`);
    const body = await response.json();
    assert.equal(response.status, 200);
    assert.equal(body.runtime, 'deno');
    assert.equal(body.epoch, gateway.hub.epoch);
  } finally {
    await gateway.close();
  }
});

Deno.test('Deno server accepts a WebSocket with the bearer subprotocol', async () => {
  const gateway = await startGateway({ config: testConfig(), startServer, logger: silentLogger });
  try {
    const socket = new WebSocket(`${gateway.server.url.replace('http', 'ws')}/ws`, [
      'realmstream.v1',
      `realmstream.bearer.${TOKEN}`,
    ]);
    const welcome = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no welcome within 5 s')), 5000);
      socket.onmessage = (event) => {
        clearTimeout(timer);
        resolve(JSON.parse(String(event.data)));
      };
      socket.onerror = () => {
        clearTimeout(timer);
        reject(new Error('socket error'));
      };
    });
    assert.equal(welcome.op, 'welcome');
    assert.equal(welcome.role, 'viewer');
    assert.equal(socket.protocol, 'realmstream.v1');
    const closed = new Promise((resolve) => (socket.onclose = resolve));
    socket.close();
    await closed;
  } finally {
    await gateway.close();
  }
});
