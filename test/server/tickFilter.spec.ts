import { describe, expect, it } from 'vitest';
import type { RealmEvent } from '../../src/pipeline/events.ts';
import { createHub, type StampedEvent } from '../../src/pipeline/hub.ts';
import { compileSubscription } from '../../src/server/filters.ts';
import { selectFromTick } from '../../src/server/tickFilter.ts';
import { chat, login } from './fixtures.ts';

function tickOf(...drafts: Parameters<ReturnType<typeof createHub>['publish']>[0][]) {
  const hub = createHub();
  return drafts.map((draft) => hub.publish(draft));
}

describe('selectFromTick', () => {
  it('filters a tick once per key and shares the selection', () => {
    const tick = tickOf(login('A'), chat('B', 'hi'), login('C'));
    let calls = 0;
    const logins = (event: RealmEvent) => (calls++, event.type === 'player.login');
    const first = selectFromTick(tick, 'logins', logins);
    const second = selectFromTick(tick, 'logins', logins);
    expect(first.map((s) => s.event.seq)).toEqual([1, 3]);
    expect(second).toBe(first);
    expect(calls).toBe(3);
    // Another key is computed on its own; a fresh tick starts over.
    expect(selectFromTick(tick, 'chat', (e) => e.type === 'chat.message')).toHaveLength(1);
    const next: StampedEvent[] = [...tick];
    selectFromTick(next, 'logins', logins);
    expect(calls).toBe(6);
  });

  it('returns the tick itself when everything matches', () => {
    const tick = tickOf(login('A'), login('B'));
    expect(selectFromTick(tick, 'all', () => true)).toBe(tick);
    expect(selectFromTick(tick, 'none', () => false)).toEqual([]);
  });

  it('compiled subscriptions share a key only when they select the same events', () => {
    const viewer = { name: 'v', role: 'viewer' as const };
    const key = (spec: object, principal: object = viewer) => {
      const result = compileSubscription(spec, principal as typeof viewer, 16);
      if (!result.ok) throw new Error(result.refusal.message);
      return result.compiled.key;
    };
    expect(key({ types: ['player.*'] })).toBe(key({ types: ['player.*'] }));
    expect(key({ types: ['player.*'] })).not.toBe(key({ types: ['chat.*'] }));
    expect(key({ filters: { map: [1] } })).not.toBe(key({ filters: { map: [2] } }));
    expect(key({})).not.toBe(key({}, { ...viewer, realms: ['w1'] }));
    expect(key({})).not.toBe(key({}, { ...viewer, types: ['player.*'] }));
  });
});
