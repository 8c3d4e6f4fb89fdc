import { describe, expect, it } from 'vitest';
import { parseLineProtocol } from '../../../src/pipeline/sources/lineProtocol.ts';
import {
  createMetricsMapper,
  type MetricsMappingConfig,
} from '../../../src/pipeline/sources/metricsMapping.ts';

const base: MetricsMappingConfig = {
  realm: 'world-1',
  lag: { thresholdMs: 300, clearMs: 200 },
  keepUnknown: true,
};

function mapBody(body: string, config: Partial<MetricsMappingConfig> = {}, receivedAt = 999) {
  const mapper = createMetricsMapper({ ...base, ...config });
  const { points, errors } = parseLineProtocol(body);
  expect(errors).toEqual([]);
  return mapper.map(points, receivedAt);
}

describe('metrics mapping', () => {
  it('maps player_events Login/Logout to player events with the line time', () => {
    const { events } = mapBody(
      [
        'player_events,realm=R title="Login",text="Thrall" 1764160000000000000',
        'player_events,realm=R title="Logout",text="Bob "the" Great" 1764160001500000000',
      ].join('\n'),
    );
    expect(events).toEqual([
      {
        realm: 'world-1',
        type: 'player.login',
        time: 1764160000000,
        priority: 'high',
        source: 'metric',
        data: { character: 'Thrall' },
      },
      {
        realm: 'world-1',
        type: 'player.logout',
        time: 1764160001500,
        priority: 'high',
        source: 'metric',
        data: { character: 'Bob "the" Great' },
      },
    ]);
  });

  it('uses the receive time for lines without a timestamp', () => {
    const { events } = mapBody('player_events title="Login",text="Jaina"', {}, 4242);
    expect(events[0].time).toBe(4242);
  });

  it('reports a Login without a character name as invalid instead of an event', () => {
    const { events, invalid } = mapBody('player_events title="Login",text="" 1000000');
    expect(events).toEqual([]);
    expect(invalid.map((i) => i.message)).toEqual(['player_events Login without a character name']);
  });

  it('maps events started/shutdown, and keeps other titles as samples', () => {
    const { events } = mapBody(
      [
        'events,realm=R title="Worldserver started",text="" 1000000',
        'events,realm=R title="World initialized",text="World initialized in 0 minutes 5 seconds" 2000000',
        'events,realm=R title="Worldserver shutdown",text="" 3000000',
      ].join('\n'),
    );
    expect(events.map((e) => [e.type, e.time, e.data])).toEqual([
      ['server.started', 1, { message: 'Worldserver started' }],
      ['server.shutdown', 3, { message: 'Worldserver shutdown' }],
      [
        'metric.sample',
        2,
        {
          measurement: 'events',
          tags: { realm: 'R' },
          fields: { title: 'World initialized', text: 'World initialized in 0 minutes 5 seconds' },
        },
      ],
    ]);
  });

  it('coalesces online_players and update_time_diff into one server.info per batch', () => {
    const { events, onlinePlayers, updateDiffMs } = mapBody(
      [
        'online_players,realm=R value=3i 1000000',
        'update_time_diff,realm=R value=12i 2000000',
        'update_time_diff,realm=R value=15i 3000000',
        'online_players,realm=R value=4i 2500000',
      ].join('\n'),
    );
    expect(events).toEqual([
      {
        realm: 'world-1',
        type: 'server.info',
        time: 3,
        priority: 'low',
        source: 'metric',
        data: { onlinePlayers: 4, updateDiffMs: 15 },
      },
    ]);
    expect([onlinePlayers, updateDiffMs]).toEqual([4, 15]);
  });

  it('rejects a non-integer online_players and a negative update diff', () => {
    const { events, invalid } = mapBody(
      'online_players value=1.5 1000000\nupdate_time_diff value=-3i 1000000',
    );
    expect(events).toEqual([]);
    expect(invalid).toHaveLength(2);
  });

  it('emits server.lag with hysteresis across batches', () => {
    const mapper = createMetricsMapper(base);
    const run = (body: string) =>
      mapper.map(parseLineProtocol(body).points, 0).events
        .filter((e) => e.type === 'server.lag')
        .map((e) => [e.time, e.data]);
    expect(run('update_time_diff value=100i 1000000\nupdate_time_diff value=300i 2000000'))
      .toEqual([[2, { state: 'started', updateDiffMs: 300, thresholdMs: 300 }]]);
    // Still above clearMs: no transition, even below the threshold.
    expect(run('update_time_diff value=250i 3000000\nupdate_time_diff value=900i 4000000'))
      .toEqual([]);
    expect(run('update_time_diff value=200i 5000000\nupdate_time_diff value=299i 6000000'))
      .toEqual([[5, { state: 'ended', updateDiffMs: 200, thresholdMs: 300 }]]);
    expect(run('update_time_diff value=301i 7000000')).toEqual([
      [7, { state: 'started', updateDiffMs: 301, thresholdMs: 300 }],
    ]);
  });

  it('coalesces unknown measurements per series, last value wins', () => {
    const { events } = mapBody(
      [
        'map_creatures,realm=R,map_id=0 value=10i 1000000',
        'map_creatures,realm=R,map_id=1 value=20i 1000000',
        'map_creatures,map_id=0,realm=R value=11i 2000000',
      ].join('\n'),
    );
    expect(events.map((e) => [e.type, e.time, e.data])).toEqual([
      [
        'metric.sample',
        1,
        { measurement: 'map_creatures', tags: { realm: 'R', map_id: '1' }, fields: { value: 20 } },
      ],
      [
        'metric.sample',
        2,
        { measurement: 'map_creatures', tags: { map_id: '0', realm: 'R' }, fields: { value: 11 } },
      ],
    ]);
  });

  it('caps the sample series per batch and counts the dropped ones', () => {
    const body = Array.from({ length: 5 }, (_, i) => `m,id=${i} value=1i`).join('\n');
    const batch = mapBody(body, { maxSeriesPerBatch: 3 });
    expect(batch.events).toHaveLength(3);
    expect(batch.droppedSeries).toBe(2);
  });

  it('ignores unknown measurements (and other player_events titles) when keepUnknown is off', () => {
    const batch = mapBody(
      'db_queue_login value=0i\nplayer_events title="Something",text="x"\nmap_events title="LoadMapTile",text="0"',
      { keepUnknown: false },
    );
    expect(batch.events).toEqual([]);
    expect(batch.ignored).toBe(3);
  });
});
