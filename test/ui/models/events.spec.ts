import { batch, effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { RealmEvent } from '../../../src/pipeline/events.ts';
import { EventsModel } from '../../../src/ui/models/events.ts';

let seq = 0;
const event = (type: string, realm = 'r1', data: object = {}, source = 'soap') =>
  ({ id: `e:${++seq}`, seq, realm, type, time: 0, priority: 'low', source, data }) as RealmEvent;

describe('EventsModel', () => {
  it('keeps the last N events, newest first, and counts every one', () => {
    const model = new EventsModel(3);
    model.ingest([1, 2, 3, 4, 5].map(() => event('player.login')));
    expect(model.visible.value.map((e) => e.seq)).toEqual([seq, seq - 1, seq - 2]);
    expect(model.received.value).toBe(5);
    expect(model.stored.value).toBe(3);
  });

  it('filters by type, realm, source and text', () => {
    const model = new EventsModel();
    model.ingest([
      event('player.login', 'r1', { character: 'Thrall' }),
      event('chat.message', 'r2', { character: 'Jaina', text: 'hello there' }),
      event('player.login', 'r2', { character: 'Anduin' }, 'replay'),
    ]);
    expect(model.types.value).toEqual(['chat.message', 'player.login']);
    expect(model.realms.value).toEqual(['r1', 'r2']);
    model.toggleType('chat.message');
    expect(model.visible.value.map((e) => e.type)).toEqual(['player.login', 'player.login']);
    model.toggleType('chat.message');
    model.realm.value = 'r2';
    expect(model.visible.value).toHaveLength(2);
    model.source.value = 'live';
    expect(model.visible.value.map((e) => e.type)).toEqual(['chat.message']);
    model.source.value = 'replay';
    expect(model.visible.value.map((e) => e.realm)).toEqual(['r2']);
    model.source.value = 'all';
    model.realm.value = '';
    model.search.value = '  HELLO ';
    expect(model.visible.value.map((e) => e.type)).toEqual(['chat.message']);
    model.search.value = '';
    model.only('chat.message');
    expect(model.visible.value.map((e) => e.type)).toEqual(['chat.message']);
    model.only('chat.message');
    expect(model.visible.value).toHaveLength(3);
  });

  it('holds events while paused and adds them on resume', () => {
    const model = new EventsModel(10);
    model.ingest([event('player.login')]);
    let recomputed = 0;
    const dispose = effect(() => void (model.visible.value, recomputed++));
    model.togglePause();
    batch(() => model.ingest([event('player.login'), event('player.logout')]));
    expect(model.visible.value).toHaveLength(1);
    expect(model.pending.value).toBe(2);
    expect(recomputed).toBe(1);
    model.togglePause();
    expect(model.visible.value).toHaveLength(3);
    expect(model.pending.value).toBe(0);
    dispose();
  });

  it('drops replayed events and clears', () => {
    const model = new EventsModel();
    const replayed = event('player.login', 'r1', {}, 'replay');
    model.ingest([event('player.login'), replayed]);
    model.select(replayed);
    model.dropReplayed();
    expect(model.visible.value.map((e) => e.source)).toEqual(['soap']);
    expect(model.selected.value).toBeNull();
    model.clear();
    expect(model.visible.value).toEqual([]);
  });
});
