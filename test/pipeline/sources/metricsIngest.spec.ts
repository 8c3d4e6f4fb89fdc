import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/pipeline/config.ts';
import type { DraftEvent } from '../../../src/pipeline/events.ts';
import { createRealmStatusBoard } from '../../../src/pipeline/realmStatus.ts';
import {
  createMetricsIngest,
  METRIC_PARSE_ERROR_INTERVAL_MS,
} from '../../../src/pipeline/sources/metricsIngest.ts';

const config = parseConfig({
  realms: [
    { id: 'a', flavor: 'trinitycore', simulate: {}, metrics: { enabled: true } },
    {
      id: 'b',
      flavor: 'azerothcore',
      simulate: {},
      metrics: { enabled: true, database: 'worldserver' },
    },
    { id: 'c', flavor: 'trinitycore', simulate: {} },
    {
      id: 'd',
      flavor: 'trinitycore',
      simulate: {},
      metrics: { enabled: true, database: 'worldserver' },
    },
  ],
});

function setup() {
  const scheduler = new VirtualTimeScheduler();
  const status = createRealmStatusBoard();
  status.register('b', 'azerothcore');
  const warnings: string[] = [];
  const ingest = createMetricsIngest(config, {
    scheduler,
    status,
    warn: (message) => warnings.push(message),
  });
  const events: Record<string, DraftEvent[]> = { a: [], b: [] };
  ingest.events$('a').subscribe((e) => events.a.push(e));
  ingest.events$('b').subscribe((e) => events.b.push(e));
  return { scheduler, status, ingest, events, warnings };
}

describe('metrics ingest', () => {
  it('maps database names to realms (default: the realm id), first realm wins', () => {
    const { ingest, warnings } = setup();
    expect(ingest.realmFor('a')).toBe('a');
    expect(ingest.realmFor('worldserver')).toBe('b');
    expect(ingest.realmFor('b')).toBeUndefined();
    expect(ingest.realmFor('c')).toBeUndefined();
    expect(warnings).toEqual([
      'two realms use the same metrics database; the first one receives it',
    ]);
  });

  it('emits a write on the realm stream and updates the status board', () => {
    const { ingest, events, status } = setup();
    const result = ingest.write(
      'b',
      'player_events,realm=R title="Login",text="Thrall" 1764160000000000000\nonline_players value=3i',
    );
    expect(result).toEqual({ accepted: 2, errors: [], events: 2 });
    expect(events.b.map((e) => e.type)).toEqual(['player.login', 'server.info']);
    expect(events.a).toEqual([]);
    expect(status.get('b')).toMatchObject({ lastMetricAt: 0, players: 3 });
  });

  it('keeps valid lines of a partly invalid body and reports one rate-limited parse.error', () => {
    const { ingest, events, scheduler } = setup();
    const result = ingest.write('a', 'bad\nplayer_events title="Login",text="Jaina"\nm v=');
    expect(result.accepted).toBe(1);
    expect(result.errors.map((e) => e.line)).toEqual([1, 3]);
    expect(events.a.map((e) => e.type)).toEqual(['player.login', 'parse.error']);
    expect(events.a[1].data).toEqual({
      parser: 'lineProtocol',
      message: 'line 1: missing fields: bad',
      raw: 'line 1: missing fields: bad',
      suppressed: 1,
    });
    ingest.write('a', 'bad again');
    expect(events.a).toHaveLength(2);
    scheduler.schedule(() => {}, METRIC_PARSE_ERROR_INTERVAL_MS);
    scheduler.flush();
    ingest.write('a', 'third');
    expect(events.a).toHaveLength(3);
    expect(events.a[2].data).toMatchObject({
      message: 'line 1: missing fields: third',
      suppressed: 1,
    });
    expect(ingest.stats()).toMatchObject({ writes: 3, points: 1, invalid: 4, suppressedErrors: 1 });
  });

  it('refuses writes for realms without metrics and gives them an empty stream', () => {
    const { ingest } = setup();
    expect(() => ingest.write('c', 'm v=1')).toThrow(/not enabled/);
    let completed = false;
    ingest.events$('c').subscribe({ complete: () => (completed = true) });
    expect(completed).toBe(true);
  });

  it('completes every stream on close', () => {
    const { ingest } = setup();
    let completed = 0;
    ingest.events$('a').subscribe({ complete: () => completed++ });
    ingest.events$('b').subscribe({ complete: () => completed++ });
    ingest.close();
    expect(completed).toBe(2);
  });
});
