import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../src/client/api.ts';
import type { RealmEvent } from '../../../src/pipeline/events.ts';
import type { RealmStatus } from '../../../src/pipeline/realmStatus.ts';
import { RealmsModel } from '../../../src/ui/models/realms.ts';

const event = (type: string, data: object, source = 'soap') =>
  ({
    id: 'e:1',
    seq: 1,
    realm: 'r1',
    type,
    time: 5000,
    priority: 'low',
    source,
    data,
  }) as RealmEvent;

function fakeApi(answers: Array<RealmStatus[] | Error>): ApiClient {
  return {
    realms: () => {
      const next = answers.shift() ?? [];
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  } as ApiClient;
}

describe('RealmsModel', () => {
  it('loads the status, keeps the last error, and applies realm events in between', async () => {
    const api = signal<ApiClient | null>(
      fakeApi([
        [
          {
            id: 'r1',
            flavor: 'trinitycore',
            reachable: true,
            polls: 1,
            pollErrors: 0,
            players: 2,
          } as RealmStatus,
        ],
        new Error('HTTP 500'),
      ]),
    );
    const model = new RealmsModel(api);
    await model.refresh();
    expect(model.byId.value.get('r1')).toMatchObject({ up: true, players: 2 });
    await model.refresh();
    expect(model.error.value).toBe('HTTP 500');
    expect(model.byId.value.get('r1')?.players).toBe(2);

    model.applyEvents([event('server.down', { reason: 'timeout', message: 'no answer' })]);
    expect(model.byId.value.get('r1')).toMatchObject({ up: false, downReason: 'timeout' });
    model.applyEvents([
      event('server.up', {}),
      event('server.info', { onlinePlayers: 7, uptimeSeconds: 60, updateDiffMs: 14 }),
      event('server.down', { reason: 'http', message: 'replayed' }, 'replay'),
    ]);
    expect(model.byId.value.get('r1')).toMatchObject({
      up: true,
      downReason: undefined,
      players: 7,
      uptimeSeconds: 60,
      uptimeAt: 5000,
      updateDiffMs: 14,
    });
    model.applyEvents([event('realm.roster', { reason: 'start', count: 3, players: [] })]);
    expect(model.list.value.map((realm) => realm.players)).toEqual([3]);
  });

  it('does nothing without a connection', async () => {
    const model = new RealmsModel(signal<ApiClient | null>(null));
    await model.refresh();
    expect(model.list.value).toEqual([]);
    expect(model.error.value).toBeNull();
  });
});
