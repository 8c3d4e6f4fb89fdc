import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../src/logger.ts';
import { parseConfig } from '../../src/pipeline/config.ts';
import { type Gateway, startGateway } from '../../src/server/gateway.ts';
import { startServer } from '../../src/server/node.ts';
import { ADMIN_TOKEN, startTestGateway, VIEWER_TOKEN } from '../helpers/gateway.ts';
import { openClient, type TestClient } from '../helpers/ws.ts';
import { waitUntil, wsUrl } from './fixtures.ts';

describe('/ws upgrade and authentication', () => {
  let gateway: Gateway | undefined;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.socket.terminate();
    await gateway?.close();
    gateway = undefined;
  });
  const open = async (...args: Parameters<typeof openClient>) => {
    const client = await openClient(...args);
    clients.push(client);
    return client;
  };

  it('authenticates with the Authorization header', async () => {
    gateway = await startTestGateway();
    const client = await open(wsUrl(gateway), {
      headers: { authorization: `Bearer ${VIEWER_TOKEN}` },
    });
    expect(await client.next((m) => m.op === 'welcome')).toMatchObject({
      v: 1,
      epoch: gateway.hub.epoch,
      role: 'viewer',
      limits: { maxMessageBytes: 65536, maxSubscriptions: 16 },
    });
  });

  it('authenticates with the bearer subprotocol and answers realmstream.v1 only', async () => {
    gateway = await startTestGateway();
    const socket = new WebSocket(wsUrl(gateway), [
      'realmstream.v1',
      `realmstream.bearer.${ADMIN_TOKEN}`,
    ]);
    const welcome = new Promise<Record<string, unknown>>((resolve) =>
      socket.once('message', (data) => resolve(JSON.parse(String(data))))
    );
    const answered = await new Promise<string | undefined>((resolve, reject) => {
      socket.once('upgrade', (response) => resolve(response.headers['sec-websocket-protocol']));
      socket.once('error', reject);
    });
    expect(answered).toBe('realmstream.v1');
    expect(await welcome).toMatchObject({ op: 'welcome', role: 'admin' });
    socket.terminate();
  });

  it('refuses the bearer subprotocol without realmstream.v1', async () => {
    gateway = await startTestGateway();
    await expect(open(wsUrl(gateway), { protocols: [`realmstream.bearer.${ADMIN_TOKEN}`] }))
      .rejects.toMatchObject({ status: 400 });
  });

  it('authenticates with a first auth message', async () => {
    gateway = await startTestGateway();
    const client = await open(wsUrl(gateway));
    client.send({ op: 'auth', token: VIEWER_TOKEN });
    expect(await client.next((m) => m.op === 'welcome')).toMatchObject({ role: 'viewer' });
    client.send({ op: 'auth', token: VIEWER_TOKEN });
    expect(await client.next((m) => m.op === 'error')).toMatchObject({
      code: 'already_authenticated',
    });
  });

  it('closes with 4401 on a wrong token in the auth message', async () => {
    gateway = await startTestGateway();
    const client = await open(wsUrl(gateway));
    client.send({ op: 'auth', token: 'wrong-token-0123456789' });
    expect(await client.closed()).toMatchObject({ code: 4401 });
    expect(client.messages).toEqual([]);
  });

  it('closes with 4401 when the first message is not auth', async () => {
    gateway = await startTestGateway();
    const client = await open(wsUrl(gateway));
    client.send({ op: 'subscribe', id: 'a', types: ['*'] });
    expect(await client.closed()).toMatchObject({ code: 4401 });
    const garbage = await open(wsUrl(gateway));
    garbage.socket.send('{not json');
    expect(await garbage.closed()).toMatchObject({ code: 4401 });
  });

  it('closes with 4408 when no auth message arrives in time', async () => {
    gateway = await startTestGateway({ server: { authTimeoutMs: 100 } });
    const client = await open(wsUrl(gateway));
    expect(await client.closed()).toMatchObject({ code: 4408 });
    await waitUntil(() => gateway!.clients.resources().timers === 0, 2000, 'timers released');
    expect(gateway.clients.resources()).toEqual({
      clients: 0,
      subscriptions: 0,
      timers: 0,
      pipelines: 0,
    });
  });

  it('refuses an unknown bearer token before the upgrade (401)', async () => {
    gateway = await startTestGateway();
    await expect(
      open(wsUrl(gateway), { headers: { authorization: 'Bearer not-a-real-token-at-all' } }),
    )
      .rejects.toMatchObject({ status: 401 });
    await expect(
      open(wsUrl(gateway), { protocols: ['realmstream.v1', 'realmstream.bearer.nope-nope-nope'] }),
    )
      .rejects.toMatchObject({ status: 401 });
  });

  it('refuses a token in the query string (400), even a valid one', async () => {
    gateway = await startTestGateway();
    await expect(open(`${wsUrl(gateway)}?token=${ADMIN_TOKEN}`)).rejects.toMatchObject({
      status: 400,
    });
    await expect(open(`${wsUrl(gateway)}?access_token=${ADMIN_TOKEN}`)).rejects.toMatchObject({
      status: 400,
    });
  });

  it('checks the Origin: 403 for others, allowed for listed, same-origin and absent', async () => {
    gateway = await startTestGateway({ server: { allowedOrigins: ['https://ops.example.org'] } });
    const auth = { authorization: `Bearer ${VIEWER_TOKEN}` };
    await expect(open(wsUrl(gateway), { headers: { ...auth, origin: 'https://evil.example.com' } }))
      .rejects.toMatchObject({ status: 403 });
    await expect(open(wsUrl(gateway), { headers: { ...auth, origin: 'null' } }))
      .rejects.toMatchObject({ status: 403 });
    const listed = await open(wsUrl(gateway), {
      headers: { ...auth, origin: 'https://ops.example.org' },
    });
    await listed.next((m) => m.op === 'welcome');
    const same = await open(wsUrl(gateway), { headers: { ...auth, origin: gateway.server.url } });
    await same.next((m) => m.op === 'welcome');
    const none = await open(wsUrl(gateway), { headers: auth });
    await none.next((m) => m.op === 'welcome');
    expect(gateway.metrics.refused.get('origin')).toBe(2);
  });

  it('limits connections per IP: 429 before the upgrade or 4429 after it', async () => {
    gateway = await startTestGateway({ server: { maxConnectionsPerIp: 2 } });
    const auth = { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } };
    const attempts = await Promise.allSettled([
      open(wsUrl(gateway), auth),
      open(wsUrl(gateway), auth),
      open(wsUrl(gateway), auth),
    ]);
    const opened = attempts.filter((a) => a.status === 'fulfilled').map((a) =>
      (a as PromiseFulfilledResult<TestClient>).value
    );
    const refusedBefore = attempts.filter((a) => a.status === 'rejected');
    let refusedAfter = 0;
    let welcomed = 0;
    for (const client of opened) {
      await Promise.race([
        client.next((m) => m.op === 'welcome').then(() => welcomed++),
        client.closed().then(({ code }) => {
          expect(code).toBe(4429);
          refusedAfter++;
        }),
      ]);
    }
    expect(welcomed).toBe(2);
    expect(refusedBefore.length + refusedAfter).toBe(1);
    for (const failure of refusedBefore) {
      expect((failure as PromiseRejectedResult).reason).toMatchObject({ status: 429 });
    }
    await expect(open(wsUrl(gateway), auth)).rejects.toMatchObject({ status: 429 });
  });

  it('limits the total number of clients', async () => {
    gateway = await startTestGateway({ server: { maxClients: 1 } });
    const auth = { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } };
    const first = await open(wsUrl(gateway), auth);
    await first.next((m) => m.op === 'welcome');
    await expect(open(wsUrl(gateway), auth)).rejects.toMatchObject({ status: 429 });
  });

  it('never logs or echoes tokens', async () => {
    const lines: string[] = [];
    const secret = 'super-secret-token-0123456789';
    const config = parseConfig({
      server: { host: '127.0.0.1', port: 0, authTimeoutMs: 200 },
      auth: { tokens: [{ name: 'ops', token: secret, role: 'admin' }] },
    });
    gateway = await startGateway({
      config,
      startServer,
      logger: createLogger({ write: (line) => lines.push(line), level: 'debug' }),
    });
    const bodies: string[] = [];
    for (const token of [secret, `${secret}x`]) {
      const ws = await fetch(`${gateway.server.url}/ws?token=${token}`);
      bodies.push(await ws.text());
      const api = await fetch(`${gateway.server.url}/api/stats?token=${token}`);
      bodies.push(await api.text());
      const wrong = await fetch(`${gateway.server.url}/api/stats`, {
        headers: { authorization: `Bearer ${token}x` },
      });
      bodies.push(await wrong.text());
    }
    await expect(open(wsUrl(gateway), { headers: { authorization: `Bearer ${secret}-wrong` } }))
      .rejects.toBeDefined();
    const client = await open(wsUrl(gateway));
    client.send({ op: 'auth', token: `${secret}-nope` });
    const closed = await client.closed();
    bodies.push(closed.reason);
    const ok = await open(wsUrl(gateway), {
      protocols: ['realmstream.v1', `realmstream.bearer.${secret}`],
    });
    ok.send({ op: 'auth', token: secret });
    ok.send({ op: 'subscribe', id: secret.slice(0, 10), types: ['nope.*'] });
    await ok.next((m) => m.op === 'error' && m.code === 'unknown_type');
    await ok.next((m) => m.op === 'error' && m.code === 'already_authenticated');
    bodies.push(JSON.stringify(ok.messages));
    const metrics = await fetch(`${gateway.server.url}/metrics`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    bodies.push(await metrics.text());
    await gateway.close();
    gateway = undefined;
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [...lines, ...bodies]) expect(text).not.toContain(secret);
  });
});
