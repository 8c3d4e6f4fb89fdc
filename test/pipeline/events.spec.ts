import { describe, expect, it } from 'vitest';
import {
  type DraftEvent,
  draftEvent,
  EVENT_CATALOG,
  EVENT_TYPES,
  isEventType,
  PRIORITY_RANK,
  validateDraftEvent,
} from '../../src/pipeline/events.ts';

describe('event model', () => {
  it('draftEvent fills the catalog priority and keeps the data', () => {
    const event = draftEvent('player.login', {
      realm: 'world-1',
      time: 1_764_160_000_000,
      source: 'soap',
      data: { character: 'Thrall', account: 'ADMIN', map: 1, zone: 14 },
    });
    expect(event).toEqual({
      realm: 'world-1',
      type: 'player.login',
      time: 1_764_160_000_000,
      priority: 'high',
      source: 'soap',
      data: { character: 'Thrall', account: 'ADMIN', map: 1, zone: 14 },
    });
  });

  it('every catalog priority is a known rank', () => {
    for (const type of EVENT_TYPES) {
      expect(PRIORITY_RANK[EVENT_CATALOG[type].priority]).toBeTypeOf('number');
    }
  });

  it('isEventType narrows', () => {
    const event = draftEvent('server.up', {
      realm: 'r',
      time: 0,
      source: 'soap',
      data: {},
    }) as DraftEvent;
    expect(isEventType(event, 'server.up')).toBe(true);
    expect(isEventType(event, 'server.down')).toBe(false);
  });

  it('validateDraftEvent accepts a valid event and rejects bad envelopes and data', () => {
    const valid = {
      realm: 'r',
      type: 'player.level',
      time: 5,
      priority: 'normal',
      source: 'log',
      data: { character: 'A', from: 1, to: 2 },
    };
    expect(validateDraftEvent(valid)).toMatchObject({ ok: true });
    expect(validateDraftEvent({ ...valid, type: 'nope' })).toMatchObject({ ok: false });
    expect(validateDraftEvent({ ...valid, time: Number.NaN })).toMatchObject({ ok: false });
    const badData = validateDraftEvent({ ...valid, data: { character: 'A', from: 'one', to: 2 } });
    expect(badData).toMatchObject({ ok: false });
    expect(badData.ok ? '' : badData.message).toMatch(/^player\.level: from:/);
    expect(validateDraftEvent(null)).toMatchObject({ ok: false });
  });
});
