import { filter, firstValueFrom, map, timeout } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { draftEvent } from '../../src/pipeline/events.ts';
import type { Gateway } from '../../src/server/gateway.ts';
import { startTestGateway } from '../helpers/gateway.ts';

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
});
