import { beforeEach, describe, expect, it } from 'vitest';
import type { TestScheduler } from 'rxjs/testing';
import { createHub, type StampedEvent } from '../../src/pipeline/hub.ts';
import { ClientRegistry } from '../../src/server/clients.ts';
import {
  type ClientDeliveryOptions,
  createClientDelivery,
  type SubscriptionTag,
} from '../../src/server/delivery.ts';
import { GatewayMetrics } from '../../src/server/metrics.ts';
import { createTestScheduler } from '../helpers/marbles.ts';
import { chat, login, serverDown } from './fixtures.ts';

/** A fake socket whose send buffer the test controls. */
function setup(testScheduler: TestScheduler, overrides: Partial<ClientDeliveryOptions> = {}) {
  const frames: Array<{ at: number; frame: Record<string, unknown> }> = [];
  const cutOffs: string[] = [];
  const socket = { buffered: 0 };
  const registry = new ClientRegistry({ maxClients: 10, maxPerIp: 10, batchMs: 5 });
  const metrics = new GatewayMetrics();
  const delivery = createClientDelivery({
    send: (frame) => frames.push({ at: testScheduler.now(), frame: JSON.parse(frame) }),
    bufferedAmount: () => socket.buffered,
    cutOff: (reason) => cutOffs.push(reason),
    ratePerSecond: 1000,
    burst: 1000,
    queueEvents: 100,
    queueBytes: 100_000,
    slowClientMs: 50,
    highWaterBytes: 1000,
    batchMs: 5,
    scheduler: testScheduler,
    metrics,
    registry,
    ...overrides,
  });
  return { frames, cutOffs, socket, registry, metrics, delivery };
}

describe('client delivery pipeline', () => {
  let testScheduler: TestScheduler;
  const hub = createHub({ epoch: 'e' });
  const stamp = (draft: Parameters<typeof hub.publish>[0]): StampedEvent => hub.publish(draft);
  const tag = (id: string): SubscriptionTag => ({ json: JSON.stringify(id), active: true });
  beforeEach(() => (testScheduler = createTestScheduler()));

  it('writes each tick at once while the client keeps up: event for one, events for several', () => {
    testScheduler.run(() => {
      const { frames, delivery } = setup(testScheduler);
      const a = tag('a');
      const first = stamp(login('First'));
      delivery.live(a, [first]);
      expect(frames).toEqual([{ at: 0, frame: { op: 'event', sub: 'a', event: first.event } }]);
      delivery.live(a, [0, 1, 2].map((i) => stamp(login(`B${i}`))));
      expect(frames).toHaveLength(2);
      expect(frames[1]).toMatchObject({ at: 0, frame: { op: 'events', subs: ['a', 'a', 'a'] } });
      delivery.dispose();
    });
  });

  it('skips queued events of a subscription that ended', () => {
    testScheduler.run(() => {
      const { frames, delivery, socket } = setup(testScheduler);
      const a = tag('a');
      const b = tag('b');
      socket.buffered = 5000;
      delivery.live(a, [stamp(login('Lead'))]); // leaves the socket full
      delivery.live(a, [stamp(login('Dropped'))]);
      delivery.live(b, [stamp(login('Kept'))]);
      a.active = false;
      socket.buffered = 0;
      testScheduler.schedule(() => {
        expect(frames.map((f) => f.frame.op)).toEqual(['event', 'event']);
        expect(frames[1].frame).toMatchObject({ sub: 'b', event: { data: { character: 'Kept' } } });
        expect(delivery.queuedEvents()).toBe(0);
        delivery.dispose();
      }, 30);
    });
  });

  it('holds ticks while the socket is above its high-water mark, critical first, batched on drain', () => {
    testScheduler.run(() => {
      const { frames, socket, delivery, registry } = setup(testScheduler);
      const a = tag('a');
      socket.buffered = 5000; // the first send leaves the socket above its mark
      delivery.live(a, [stamp(login('First'))]);
      delivery.live(a, [stamp(chat('Low', 'x'))]);
      delivery.live(a, [stamp(serverDown())]);
      expect(registry.resources().timers).toBe(2); // pipeline clock + drain check
      testScheduler.schedule(() => {
        expect(frames).toHaveLength(1);
        expect(delivery.queuedEvents()).toBe(2);
        socket.buffered = 0;
      }, 20);
      testScheduler.schedule(() => {
        const events = frames.slice(1).flatMap((f) =>
          f.frame.op === 'events'
            ? f.frame.events as Array<{ type: string }>
            : [f.frame.event as { type: string }]
        );
        expect(events.map((e) => e.type)).toEqual(['server.down', 'chat.message']);
        expect(registry.resources().timers).toBe(1); // the drain check stopped
        delivery.dispose();
        expect(registry.resources()).toEqual({
          clients: 0,
          subscriptions: 0,
          timers: 0,
          pipelines: 0,
        });
      }, 60);
    });
  });

  it('cuts off a socket that stays above its high-water mark for slowClientMs', () => {
    testScheduler.run(() => {
      const { cutOffs, socket, delivery, registry } = setup(testScheduler);
      socket.buffered = 5000;
      delivery.live(tag('a'), [stamp(login('First'))]);
      testScheduler.schedule(() => expect(cutOffs).toEqual([]), 40);
      testScheduler.schedule(() => {
        expect(cutOffs).toHaveLength(1);
        expect(cutOffs[0]).toContain('did not drain');
        expect(registry.resources()).toEqual({
          clients: 0,
          subscriptions: 0,
          timers: 0,
          pipelines: 0,
        });
      }, 70);
    });
  });

  it('cuts off when the queue passes its byte or event cap, or the socket buffer its byte cap', () => {
    testScheduler.run(() => {
      const a = tag('a');
      const queued = setup(testScheduler, { queueBytes: 2000, slowClientMs: 10_000 });
      queued.socket.buffered = 1500;
      for (let i = 0; i < 20; i++) {
        queued.delivery.live(a, [stamp(chat(`P${i}`, 'x'.repeat(100)))]);
      }
      expect(queued.cutOffs).toHaveLength(1);
      expect(queued.cutOffs[0]).toContain('queue over 2000 bytes');
      const counted = setup(testScheduler, { queueEvents: 5, slowClientMs: 10_000 });
      counted.socket.buffered = 1500;
      for (let i = 0; i < 4; i++) {
        counted.delivery.live(a, [0, 1].map(() => stamp(login('E'))));
      }
      expect(counted.cutOffs).toEqual(['slow consumer: more than 5 events queued']);
      const buffer = setup(testScheduler, { queueBytes: 2000 });
      buffer.socket.buffered = 3000;
      buffer.delivery.live(a, [stamp(login('Big'))]);
      expect(buffer.cutOffs).toHaveLength(1);
      expect(buffer.cutOffs[0]).toContain('3000 bytes waiting');
    });
  });

  it('does not rate-limit the resume backlog, but limits live events one by one', () => {
    testScheduler.run(() => {
      const { frames, delivery, metrics } = setup(testScheduler, { ratePerSecond: 10, burst: 2 });
      const a = tag('a');
      delivery.backlog(a, Array.from({ length: 10 }, (_, i) => stamp(login(`Old${i}`))));
      delivery.live(a, Array.from({ length: 5 }, (_, i) => stamp(login(`New${i}`))));
      testScheduler.schedule(
        () => delivery.live(a, [stamp(login('Later'))]),
        200,
      );
      testScheduler.schedule(() => {
        const events = frames.flatMap((f) =>
          f.frame.op === 'events'
            ? f.frame.events as unknown[]
            : f.frame.op === 'event'
            ? [f.frame.event]
            : []
        );
        expect(events).toHaveLength(13); // 10 backlog + 2 burst + Later
        expect(frames.find((f) => f.frame.op === 'gap')!.frame).toMatchObject({
          reason: 'rate',
          dropped: 3,
        });
        expect(metrics.dropped.get('rate')).toBe(3);
        expect(metrics.delivered.ws).toBe(13);
        delivery.dispose();
      }, 300);
    });
  });
});
