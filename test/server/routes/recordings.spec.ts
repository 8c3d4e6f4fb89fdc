import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VirtualTimeScheduler } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveStatic } from '@hono/node-server/serve-static';
import { parseConfig } from '../../../src/pipeline/config.ts';
import { draftEvent } from '../../../src/pipeline/events.ts';
import { createHub, type Hub } from '../../../src/pipeline/hub.ts';
import {
  createRecordingController,
  type RecordingController,
} from '../../../src/pipeline/recording/controller.ts';
import { eventLine, headerLine, makeHeader } from '../../../src/pipeline/recording/format.ts';
import { writeRecording } from '../../../src/pipeline/recording/writeFile.ts';
import { createApp } from '../../../src/server/app.ts';
import type { RuntimeAdapter } from '../../../src/server/runtime.ts';
import { ADMIN_TOKEN, VIEWER_TOKEN } from '../../helpers/gateway.ts';
import { login, stamped, tempDir } from '../../helpers/recordings.ts';

const RESTRICTED = 'restricted-token-0123456789';

const adapter: RuntimeAdapter = {
  runtime: 'node',
  runtimeVersion: 'test',
  upgradeWebSocket: (() => {
    throw new Error('no WebSockets in this test');
  }) as unknown as RuntimeAdapter['upgradeWebSocket'],
  serveStatic: (root) => serveStatic({ root }),
  remoteAddress: () => '127.0.0.1',
  bufferedAmount: () => 0,
  ping: () => false,
  onPong: () => () => {},
  terminate: () => {},
};

/** Ids as they might arrive in a URL path segment (encoded) or a JSON body. */
const HOSTILE_PATH_IDS = [
  '..%2F..%2Fsecret',
  '%2e%2e',
  '..%5Csecret',
  'a%2Fb',
  'ok%00',
  '%00',
  '.hidden',
  'escape', // a symlink to a file outside the directory
  'x'.repeat(129),
];
const HOSTILE_BODY_IDS = ['../secret', '..', 'a/b', 'a\\b', 'ok\0', '/etc/passwd', 'escape'];

describe('recordings API', () => {
  let tmp: { dir: string; cleanup(): void };
  let dir: string;
  let hub: Hub;
  let scheduler: VirtualTimeScheduler;
  let desk: RecordingController;
  let request: (
    method: string,
    path: string,
    body?: unknown,
    token?: string | null,
  ) => Promise<Response>;

  beforeEach(async () => {
    tmp = tempDir();
    dir = join(tmp.dir, 'recordings');
    mkdirSync(dir);
    writeFileSync(
      join(tmp.dir, 'secret.jsonl'),
      headerLine(makeHeader({ id: 'secret', name: 'TOP SECRET', startTime: 0 })),
    );
    symlinkSync(join(tmp.dir, 'secret.jsonl'), join(dir, 'escape.jsonl'));
    await writeRecording(
      makeHeader({ id: 'night', name: 'Night', startTime: 1000 }),
      [
        { t: 0, marker: { kind: 'start', reason: 'manual' } },
        { t: 10, event: login('Anna', 1) },
        {
          t: 20,
          event: stamped('chat.message', { channel: 'say', character: 'A', text: 'hi' }, {
            seq: 2,
          }),
        },
        {
          t: 30,
          event: stamped('player.login', { character: 'Zed' }, { seq: 3, realm: 'world-2' }),
        },
        { t: 40, marker: { kind: 'note', label: 'boss' } },
        { t: 50, event: login('Bert', 4) },
        { t: 60, marker: { kind: 'stop', reason: 'manual', events: 4, dropped: 0 } },
      ],
      { dir },
    );
    await writeRecording(makeHeader({ id: 'other', name: 'Other', startTime: 1005 }), [
      { t: 1, event: login('Otto', 9) },
    ], { dir });
    hub = createHub({ epoch: 'live' });
    scheduler = new VirtualTimeScheduler();
    const config = parseConfig({
      auth: {
        tokens: [
          { name: 'admin', token: ADMIN_TOKEN, role: 'admin' },
          { name: 'viewer', token: VIEWER_TOKEN, role: 'viewer' },
          {
            name: 'bot',
            token: RESTRICTED,
            role: 'viewer',
            realms: ['world-1'],
            types: ['player.*'],
          },
        ],
      },
      recording: { dir, flushMs: 10 },
    });
    desk = createRecordingController({ hub, config: config.recording, scheduler });
    const app = createApp({ adapter, config, hub, version: 'test', recordings: desk });
    request = async (method, path, body, token = ADMIN_TOKEN) =>
      await app.request(path, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined
          ? undefined
          : typeof body === 'string'
          ? body
          : JSON.stringify(body),
      });
  });
  afterEach(async () => {
    await desk.close();
    tmp.cleanup();
  });

  it('needs a token; viewers read, only admins change anything', async () => {
    expect((await request('GET', '/api/recordings', undefined, null)).status).toBe(401);
    expect((await request('GET', '/api/recordings', undefined, VIEWER_TOKEN)).status).toBe(200);
    for (
      const [method, path] of [
        ['POST', '/api/recordings'],
        ['POST', '/api/recordings/merge'],
        ['POST', '/api/recordings/night/stop'],
        ['POST', '/api/recordings/night/slice'],
        ['POST', '/api/recordings/night/play'],
        ['POST', '/api/player'],
      ]
    ) {
      const response = await request(method, path, {}, VIEWER_TOKEN);
      expect(response.status, path).toBe(403);
      expect(await response.json()).toMatchObject({ error: 'forbidden' });
    }
  });

  it('lists recordings with their summaries and the running recorders', async () => {
    const body = await (await request('GET', '/api/recordings', undefined, VIEWER_TOKEN)).json();
    expect(body.recordings.map((r: { id: string }) => r.id)).toEqual(['other', 'night']);
    expect(body.recordings[1]).toMatchObject({ complete: true, summary: { events: 4 } });
    expect(body.active).toEqual([]);
  });

  it('starts, records from the hub, and stops a recording', async () => {
    const started = await request('POST', '/api/recordings', { name: 'Live test', tags: ['t'] });
    expect(started.status).toBe(201);
    const { recording } = await started.json();
    expect(recording).toMatchObject({
      name: 'Live test',
      reason: 'api',
      stats: { state: 'recording' },
    });
    hub.publish(
      draftEvent('player.login', {
        realm: 'world-1',
        time: 1,
        source: 'soap',
        data: { character: 'Live' },
      }),
    );
    const listed = await (await request('GET', '/api/recordings')).json();
    expect(listed.active.map((a: { id: string }) => a.id)).toEqual([recording.id]);
    const stopped = await request('POST', `/api/recordings/${recording.id}/stop`);
    expect(stopped.status).toBe(200);
    expect((await stopped.json()).result.files[0]).toMatchObject({
      events: 1,
      stopReason: 'manual',
    });
    const shown = await (await request('GET', `/api/recordings/${recording.id}`)).json();
    expect(shown).toMatchObject({ complete: true, header: { name: 'Live test', tags: ['t'] } });
    expect((await request('POST', `/api/recordings/${recording.id}/stop`)).status).toBe(404);
  });

  it('shows a recording that was never closed from its content, with the torn tail', async () => {
    writeFileSync(
      join(dir, 'crashed.jsonl'),
      headerLine(makeHeader({ id: 'crashed', name: 'C', startTime: 0 })) +
        eventLine(5, JSON.stringify(login('A', 1))) + '{"t":6,"ev',
    );
    const body = await (await request('GET', '/api/recordings/crashed')).json();
    expect(body).toMatchObject({
      complete: false,
      stopped: false,
      summary: { events: 1 },
      report: { tail: { count: 1, bytes: 10 } },
    });
  });

  it("reads entries with range, types, paging, and the token's own restrictions", async () => {
    const all = await (await request('GET', '/api/recordings/night/events')).json();
    expect(all.entries.map((e: { t: number }) => e.t)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    const page = await (await request(
      'GET',
      '/api/recordings/night/events?from=10&to=60&types=player.*&limit=2',
    )).json();
    expect(page.entries.map((e: { t: number }) => e.t)).toEqual([10, 30]);
    expect(page.more).toBe(true);
    const next = await (await request(
      'GET',
      '/api/recordings/night/events?from=10&to=60&types=player.*&limit=2&offset=2',
    )).json();
    expect(next.entries.map((e: { t: number }) => e.t)).toEqual([40, 50]);
    const bot = await (await request('GET', '/api/recordings/night/events', undefined, RESTRICTED))
      .json();
    expect(bot.entries.filter((e: { event?: unknown }) => e.event).map((e: { t: number }) => e.t))
      .toEqual([10, 50]);
    for (
      const query of [
        'limit=0',
        'limit=5000',
        'from=-1',
        'from=abc',
        'types=bad%20type',
        'offset=1.5',
      ]
    ) {
      expect((await request('GET', `/api/recordings/night/events?${query}`)).status, query).toBe(
        400,
      );
    }
  });

  it('slices and merges into new recordings; an existing id is a conflict', async () => {
    const sliced = await request('POST', '/api/recordings/night/slice', {
      from: 10,
      to: 40,
      id: 'night-part',
    });
    expect(sliced.status).toBe(201);
    expect((await sliced.json()).summary).toMatchObject({ id: 'night-part', events: 3 });
    const merged = await request('POST', '/api/recordings/merge', {
      ids: ['night', 'other'],
      id: 'both',
    });
    expect(merged.status).toBe(201);
    expect((await merged.json()).summary).toMatchObject({ id: 'both', events: 5 });
    const again = await request('POST', '/api/recordings/merge', {
      ids: ['night', 'other'],
      id: 'both',
    });
    expect(again.status).toBe(409);
    expect((await request('POST', '/api/recordings/night/slice', { from: 40, to: 10 })).status)
      .toBe(400);
  });

  it('plays a recording into the hub and steers the player', async () => {
    const played = await request('POST', '/api/recordings/night/play', { speed: 2 });
    expect(played.status).toBe(200);
    const { player } = await played.json();
    expect(player).toMatchObject({ id: 'night', state: { playing: true, speed: 2, duration: 60 } });
    expect(player.markers.map((m: { kind: string }) => m.kind)).toEqual(['start', 'note', 'stop']);
    scheduler.flush();
    expect(hub.recent().map((item) => [item.event.source, item.event.data])).toEqual([
      ['replay', { character: 'Anna' }],
      ['replay', { channel: 'say', character: 'A', text: 'hi' }],
      ['replay', { character: 'Zed' }],
      ['replay', { character: 'Bert' }],
    ]);
    const state = await (await request('GET', '/api/player', undefined, VIEWER_TOKEN)).json();
    expect(state.player.state).toMatchObject({ ended: true, emitted: 4 });
    const sought = await request('POST', '/api/player', { action: 'seek', to: { marker: 1 } });
    expect((await sought.json()).player.state.position).toBe(40);
    expect((await request('POST', '/api/player', { action: 'speed', speed: 99 })).status).toBe(400);
    expect((await request('POST', '/api/player', { action: 'warp' })).status).toBe(400);
    const stopped = await request('POST', '/api/player', { action: 'stop' });
    expect(await stopped.json()).toEqual({ player: null });
    expect((await request('POST', '/api/player', { action: 'pause' })).status).toBe(404);
  });

  it('refuses bad bodies: invalid JSON, unknown keys, too deep, too large', async () => {
    const cases: [unknown, number][] = [
      ['{not json', 400],
      [{ name: 'x', extra: 1 }, 400],
      [{ name: 5 }, 400],
      ['['.repeat(50) + ']'.repeat(50), 400],
      [{ description: 'x'.repeat(20_000) }, 413],
    ];
    for (const [body, status] of cases) {
      expect((await request('POST', '/api/recordings', body)).status).toBe(status);
    }
  });

  describe('path traversal', () => {
    it('every endpoint that takes an id in the path refuses hostile ids and never leaks', async () => {
      const endpoints: [string, (id: string) => string, unknown][] = [
        ['GET', (id) => `/api/recordings/${id}`, undefined],
        ['GET', (id) => `/api/recordings/${id}/events`, undefined],
        ['POST', (id) => `/api/recordings/${id}/stop`, undefined],
        ['POST', (id) => `/api/recordings/${id}/slice`, {}],
        ['POST', (id) => `/api/recordings/${id}/play`, {}],
      ];
      for (const [method, path, body] of endpoints) {
        for (const id of HOSTILE_PATH_IDS) {
          const response = await request(method, path(id), body);
          const text = await response.text();
          expect(text).not.toContain('TOP SECRET');
          // `%2e%2e` is `..` to the URL parser: such a request leaves /api/recordings before
          // routing and lands on another route (or none), never on a recording.
          if (!new URL(path(id), 'http://x').pathname.startsWith('/api/recordings/')) continue;
          expect([400, 404], `${method} ${path(id)} -> ${response.status}`).toContain(
            response.status,
          );
        }
      }
    });

    it('every id in a body is validated (start, slice target, merge sources and target)', async () => {
      for (const id of HOSTILE_BODY_IDS) {
        const attempts = [
          await request('POST', '/api/recordings', { id }),
          await request('POST', '/api/recordings/night/slice', { id }),
          await request('POST', '/api/recordings/merge', { ids: ['night', id] }),
          await request('POST', '/api/recordings/merge', { ids: ['night', 'other'], id }),
        ];
        for (const response of attempts) {
          // 409: a valid id whose file exists (the symlink): never opened, never overwritten.
          expect([400, 404, 409], `${id} -> ${response.status}`).toContain(response.status);
          expect(await response.text()).not.toContain('TOP SECRET');
        }
      }
      expect(desk.active()).toEqual([]);
      expect(readFileSync(join(tmp.dir, 'secret.jsonl'), 'utf8')).toContain('TOP SECRET');
      expect(readdirSync(dir).sort()).toEqual([
        'escape.jsonl',
        'night.jsonl',
        'night.summary.json',
        'other.jsonl',
        'other.summary.json',
      ]);
    });
  });
});
