import { describe, expect, it } from 'vitest';
import { type ClientHandle, ClientRegistry } from '../../src/server/clients.ts';

function client(ip: string, active = true): ClientHandle & { closed: number[] } {
  const closed: number[] = [];
  return {
    transport: 'ws',
    ip,
    closed,
    close: (code) => closed.push(code),
    queuedEvents: () => 0,
    queuedBytes: () => 0,
    active: () => active,
  };
}

describe('client registry', () => {
  it('admits within the total and per-IP limits, and counts per IP', () => {
    const registry = new ClientRegistry({ maxClients: 3, maxPerIp: 2, batchMs: 5 });
    const a = client('10.0.0.1');
    expect(registry.add(a)).toBeUndefined();
    expect(registry.add(client('10.0.0.1'))).toBeUndefined();
    expect(registry.add(client('10.0.0.1'))).toBe('ip');
    expect(registry.add(client('10.0.0.2'))).toBeUndefined();
    expect(registry.admission('10.0.0.3')).toBe('clients');
    registry.remove(a);
    registry.remove(a);
    expect(registry.countForIp('10.0.0.1')).toBe(1);
    expect(registry.size).toBe(2);
  });

  it('counts resources with idempotent releases', () => {
    const registry = new ClientRegistry({ maxClients: 3, maxPerIp: 2, batchMs: 5 });
    const release = registry.acquire('timers');
    registry.acquire('subscriptions');
    release();
    release();
    expect(registry.resources()).toEqual({ clients: 0, subscriptions: 1, timers: 0, pipelines: 0 });
  });

  it('widens the batch window with the number of active clients, within bounds', () => {
    const registry = new ClientRegistry({
      maxClients: 5000,
      maxPerIp: 5000,
      batchMs: 5,
      framesPerSecond: 20_000,
    });
    expect(new ClientRegistry({ maxClients: 1, maxPerIp: 1, batchMs: 5 }).batchWindowMs(0)).toBe(5);
    expect(registry.batchWindowMs(0)).toBe(5);
    for (let i = 0; i < 1000; i++) registry.add(client(`ip${i}`));
    for (let i = 0; i < 500; i++) registry.add(client(`idle${i}`, false));
    expect(registry.batchWindowMs(100)).toBe(5); // counted at most every 250 ms
    expect(registry.batchWindowMs(1000)).toBe(50);
    for (let i = 0; i < 3000; i++) registry.add(client(`more${i}`));
    expect(registry.batchWindowMs(2000)).toBe(200); // 4000 active would need 200 ms: the cap
    for (let i = 0; i < 1000; i++) registry.add(client(`most${i}`));
    expect(registry.batchWindowMs(3000)).toBe(200);
  });

  it('shuts down: closes every client and refuses new ones', () => {
    const registry = new ClientRegistry({ maxClients: 3, maxPerIp: 2, batchMs: 5 });
    const a = client('10.0.0.1');
    const b = {
      ...client('10.0.0.2'),
      close: () => {
        throw new Error('already gone');
      },
    };
    registry.add(a);
    registry.add(b);
    registry.shutdown(1001, 'bye');
    expect(a.closed).toEqual([1001]);
    expect(registry.closing).toBe(true);
    expect(registry.add(client('10.0.0.3'))).toBe('closing');
  });
});
