import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/server/gateway.ts';
import { startTestGateway, VIEWER_TOKEN } from '../../helpers/gateway.ts';
import { chat, login, waitUntil } from '../fixtures.ts';

interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** A streaming SSE reader over fetch, with bounded waits. */
async function openStream(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${VIEWER_TOKEN}`, ...headers },
    signal: abort.signal,
  });
  const frames: SseFrame[] = [];
  let ended = false;
  let buffer = '';
  const reading = (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const frame: SseFrame = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) frame.comment = line.slice(1).trim();
            const match = /^(id|event|data): ?(.*)$/.exec(line);
            if (match) frame[match[1] as 'id' | 'event' | 'data'] = match[2];
          }
          frames.push(frame);
        }
      }
    } catch {
      // aborted
    } finally {
      ended = true;
    }
  })();
  return {
    response,
    frames,
    events: () => frames.filter((f) => f.id).map((f) => JSON.parse(f.data!)),
    ended: () => ended,
    async close() {
      abort.abort();
      await reading;
    },
  };
}

describe('GET /events (Server-Sent Events)', () => {
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('streams filtered events with ids, heartbeats, and releases everything on disconnect', async () => {
    gateway = await startTestGateway({ server: { heartbeatIntervalMs: 30 } });
    const stream = await openStream(`${gateway.server.url}/events?types=player.*&character=thrall`);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    await waitUntil(() => stream.frames.some((f) => f.event === 'welcome'), 3000, 'welcome');
    expect(JSON.parse(stream.frames[0].data!)).toMatchObject({
      epoch: gateway.hub.epoch,
      recovered: false,
    });
    gateway.hub.publish(login('Jaina'));
    gateway.hub.publish(chat('Thrall', 'hi'));
    gateway.hub.publish(login('Thrall'));
    await waitUntil(() => stream.events().length === 1, 3000, 'event');
    expect(stream.events()[0]).toMatchObject({
      type: 'player.login',
      data: { character: 'Thrall' },
    });
    expect(stream.frames.find((f) => f.id)!.id).toBe(`${gateway.hub.epoch}:3`);
    await waitUntil(() => stream.frames.some((f) => f.comment === 'ping'), 3000, 'heartbeat');
    expect(gateway.clients.resources()).toMatchObject({ clients: 1, subscriptions: 1, timers: 1 });
    await stream.close();
    await waitUntil(() => gateway!.clients.resources().clients === 0, 3000, 'cleanup');
    expect(gateway.clients.resources()).toEqual({
      clients: 0,
      subscriptions: 0,
      timers: 0,
      pipelines: 0,
    });
    expect(gateway.metrics.delivered.sse).toBe(1);
  });

  it('resumes after Last-Event-ID', async () => {
    gateway = await startTestGateway();
    for (const name of ['A', 'B', 'C', 'D']) gateway.hub.publish(login(name));
    const stream = await openStream(`${gateway.server.url}/events`, {
      'last-event-id': `${gateway.hub.epoch}:2`,
    });
    await waitUntil(() => stream.events().length === 2, 3000, 'backlog');
    expect(JSON.parse(stream.frames[0].data!)).toMatchObject({ recovered: true });
    expect(stream.events().map((e) => e.data.character)).toEqual(['C', 'D']);
    gateway.hub.publish(login('E'));
    await waitUntil(() => stream.events().length === 3, 3000, 'live');
    await stream.close();
  });

  it('refuses bad positions and filters', async () => {
    gateway = await startTestGateway();
    const headers = { authorization: `Bearer ${VIEWER_TOKEN}` };
    const badId = await fetch(`${gateway.server.url}/events`, {
      headers: { ...headers, 'last-event-id': 'not an id' },
    });
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({ error: 'bad_position' });
    const badType = await fetch(`${gateway.server.url}/events?types=zzz`, { headers });
    expect(badType.status).toBe(400);
  });

  it('ends the stream of a reader that falls behind its byte cap', async () => {
    gateway = await startTestGateway({ server: { clientQueueBytes: 64 * 1024 } });
    const abort = new AbortController();
    // Open the stream but never read the body: the kernel buffers fill, then the queue.
    const response = await fetch(`${gateway.server.url}/events`, {
      headers: { authorization: `Bearer ${VIEWER_TOKEN}` },
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    const text = 'x'.repeat(2000);
    for (let round = 0; round < 40 && !gateway.metrics.dropped.get('slow'); round++) {
      for (let i = 0; i < 200; i++) gateway.hub.publish(chat('Spam', text));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(gateway.metrics.dropped.get('slow')).toBe(1);
    await waitUntil(() => gateway!.clients.resources().clients === 0, 3000, 'stream released');
    expect(gateway.clients.resources()).toEqual({
      clients: 0,
      subscriptions: 0,
      timers: 0,
      pipelines: 0,
    });
    abort.abort();
  });
});
