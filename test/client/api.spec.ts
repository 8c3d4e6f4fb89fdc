import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createApiClient, httpBaseFromWsUrl } from '../../src/client/api.ts';
import type { Gateway } from '../../src/server/gateway.ts';
import { ADMIN_TOKEN, startTestGateway, VIEWER_TOKEN } from '../helpers/gateway.ts';

describe('createApiClient against a real gateway', () => {
  let gateway: Gateway;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'realmstream-api-client-'));
    gateway = await startTestGateway({ recording: { dir } });
  });
  afterAll(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads realms, records, lists recordings and reads the player', async () => {
    const api = createApiClient({ baseUrl: `${gateway.server.url}/`, token: ADMIN_TOKEN });
    expect(Array.isArray(await api.realms())).toBe(true);
    await api.startRecording({ name: 'api client', id: 'api-client-test' });
    expect((await api.recordings()).active.map((item) => item.stats.id)).toEqual([
      'api-client-test',
    ]);
    await api.stopRecording('api-client-test');
    const { recordings } = await api.recordings();
    expect(recordings.map((item) => item.id)).toContain('api-client-test');
    expect(await api.player()).toBeNull();
  });

  it('turns HTTP errors into ApiError with the status and code', async () => {
    const viewer = createApiClient({ baseUrl: gateway.server.url, token: VIEWER_TOKEN });
    const refused = await viewer.startRecording().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 403 });
    const stranger = createApiClient({ baseUrl: gateway.server.url, token: 'x'.repeat(20) });
    await expect(stranger.realms()).rejects.toMatchObject({ name: 'ApiError', status: 401 });
    const missing = await createApiClient({ baseUrl: gateway.server.url, token: ADMIN_TOKEN })
      .play('no-such-recording').catch((error: unknown) => error);
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('reports network failures and timeouts as status 0', async () => {
    const down = createApiClient({ baseUrl: 'http://127.0.0.1:1', token: ADMIN_TOKEN });
    await expect(down.realms()).rejects.toMatchObject({ status: 0, code: 'network' });
    const slow = createApiClient({
      baseUrl: gateway.server.url,
      token: ADMIN_TOKEN,
      timeoutMs: 50,
      fetch: (_input, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new Error('aborted')))
        ),
    });
    await expect(slow.realms()).rejects.toMatchObject({ status: 0, code: 'timeout' });
  });

  it('derives the HTTP origin from the WebSocket URL', () => {
    expect(httpBaseFromWsUrl('ws://127.0.0.1:8787/ws')).toBe('http://127.0.0.1:8787');
    expect(httpBaseFromWsUrl('wss://example.org/ws')).toBe('https://example.org');
    expect(() => httpBaseFromWsUrl('not a url')).toThrow();
  });
});
