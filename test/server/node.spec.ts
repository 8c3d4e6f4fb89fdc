import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/server/gateway.ts';
import { ADMIN_TOKEN, startTestGateway, VIEWER_TOKEN } from '../helpers/gateway.ts';
import { openClient } from '../helpers/ws.ts';

describe('Node server', () => {
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('binds port 0 and serves /healthz', async () => {
    gateway = await startTestGateway();
    expect(gateway.server.port).toBeGreaterThan(0);
    const response = await fetch(`${gateway.server.url}/healthz`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      status: 'ok',
      runtime: 'node',
      version: '0.1.0',
      epoch: gateway.hub.epoch,
    });
    expect(typeof body.uptimeSeconds).toBe('number');
  });

  it('accepts a WebSocket with a bearer header and sends welcome', async () => {
    gateway = await startTestGateway();
    const client = await openClient(`${gateway.server.url.replace('http', 'ws')}/ws`, {
      headers: { authorization: `Bearer ${VIEWER_TOKEN}` },
    });
    const welcome = await client.next((m) => m.op === 'welcome');
    expect(welcome).toMatchObject({
      op: 'welcome',
      v: 1,
      epoch: gateway.hub.epoch,
      seq: 0,
      role: 'viewer',
    });
    client.close();
  });

  it('accepts the bearer subprotocol and answers with realmstream.v1 only', async () => {
    gateway = await startTestGateway();
    const client = await openClient(`${gateway.server.url.replace('http', 'ws')}/ws`, {
      protocols: ['realmstream.v1', `realmstream.bearer.${ADMIN_TOKEN}`],
    });
    expect(client.socket.protocol).toBe('realmstream.v1');
    expect(await client.next((m) => m.op === 'welcome')).toMatchObject({ role: 'admin' });
    client.close();
  });

  it('refuses an unknown bearer token before the upgrade', async () => {
    gateway = await startTestGateway();
    await expect(
      openClient(`${gateway.server.url.replace('http', 'ws')}/ws`, {
        headers: { authorization: 'Bearer not-a-real-token-at-all' },
      }),
    ).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a token in the query string', async () => {
    gateway = await startTestGateway();
    await expect(
      openClient(`${gateway.server.url.replace('http', 'ws')}/ws?token=${ADMIN_TOKEN}`),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('answers 404 with a JSON error for unknown routes', async () => {
    gateway = await startTestGateway();
    const response = await fetch(`${gateway.server.url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });
});
