import { filter, firstValueFrom, map, type Observable, timeout } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { CustomPipelineContext } from '../../src/pipeline/customPipelines.ts';
import { type DraftEvent, draftEvent } from '../../src/pipeline/events.ts';
import type { Gateway } from '../../src/server/gateway.ts';
import { ADMIN_TOKEN, startTestGateway } from '../helpers/gateway.ts';
import { openClient } from '../helpers/ws.ts';

let gateway: Gateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const chat = (realm: string, text: string) =>
  draftEvent('chat.message', {
    realm,
    time: 0,
    source: 'log',
    data: { channel: 'say', character: 'Thrall', text },
  });

describe('startGateway', () => {
  it('publishes stats.window counts per realm back into the hub', async () => {
    gateway = await startTestGateway({ stats: { windowMs: 100 } });
    const hub = gateway.hub;
    const window = firstValueFrom(
      hub.events$.pipe(
        map((stamped) => stamped.event),
        filter((event) => event.type === 'stats.window' && event.realm === 'w1'),
        timeout(5_000),
      ),
    );
    hub.publish(chat('w1', 'a'));
    hub.publish(chat('w1', 'b'));
    hub.publish(chat('w2', 'c'));
    const event = await window;
    expect(event.source).toBe('gateway');
    expect(event.data).toMatchObject({ windowMs: 100, total: 2, counts: { 'chat.message': 2 } });
    // The counter is one of the hub's sources; it stops with the gateway.
    expect(hub.stats().activeSources).toBe(1);
  });

  it('counts nothing when stats.windowMs is 0', async () => {
    gateway = await startTestGateway({ stats: { windowMs: 0 } });
    expect(gateway.hub.stats().activeSources).toBe(0);
  });

  it("runs the config's custom pipelines: their alerts reach WebSocket clients", async () => {
    function welcomeAlerts({ events$ }: CustomPipelineContext): Observable<DraftEvent> {
      return events$.pipe(
        filter((event) => event.type === 'player.login'),
        map((event) =>
          draftEvent('alert.raised', {
            realm: event.realm,
            time: event.time,
            source: 'gateway',
            data: {
              name: 'welcome',
              severity: 'info',
              message: `${(event.data as { character: string }).character} is here`,
            },
          })
        ),
      );
    }
    gateway = await startTestGateway({ pipelines: [welcomeAlerts] });
    const client = await openClient(`${gateway.server.url.replace('http', 'ws')}/ws`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    try {
      await client.next((m) => m.op === 'welcome');
      client.send({ op: 'subscribe', id: 'alerts', types: ['alert.*'] });
      await client.next((m) => m.op === 'subscribed');
      gateway.hub.publish(
        draftEvent('player.login', {
          realm: 'w1',
          time: 5,
          source: 'soap',
          data: { character: 'Thrall' },
        }),
      );
      const message = await client.next((m) => m.op === 'event' || m.op === 'events');
      const event = (message.op === 'event' ? message.event : (message.events as unknown[])[0]) as {
        type: string;
        data: { message: string };
      };
      expect(event).toMatchObject({ type: 'alert.raised', data: { message: 'Thrall is here' } });
    } finally {
      client.close();
    }
  });
});
