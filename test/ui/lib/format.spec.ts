import { describe, expect, it } from 'vitest';
import { formatAgo, formatDuration, summarize } from '../../../src/ui/lib/format.ts';
import type { RealmEvent } from '../../../src/pipeline/events.ts';

const event = (type: string, data: object) =>
  ({
    id: 'e:1',
    seq: 1,
    realm: 'r',
    type,
    time: 0,
    priority: 'low',
    source: 'soap',
    data,
  }) as RealmEvent;

describe('format', () => {
  it('formats durations and ages', () => {
    expect([5, 125, 7300, 180_000].map(formatDuration)).toEqual(['5s', '2m 5s', '2h 1m', '2d 2h']);
    expect(formatDuration(-1)).toBe('-');
    expect(formatDuration(Number.NaN)).toBe('-');
    expect(formatAgo(undefined, 10)).toBe('never');
    expect(formatAgo(1000, 4000)).toBe('3s ago');
    expect(formatAgo(5000, 4000)).toBe('0s ago');
  });

  it('summarises events in one line', () => {
    expect(summarize(event('player.login', { character: 'Thrall', level: 80 }))).toBe(
      'Thrall (level 80)',
    );
    expect(summarize(event('chat.message', { channel: 'say', character: 'A', text: 'hi' }))).toBe(
      '[say] A: hi',
    );
    expect(summarize(event('server.down', { reason: 'timeout', message: 'no answer' }))).toBe(
      'timeout: no answer',
    );
    expect(summarize(event('server.shutdown.cancelled', {}))).toBe('');
    expect(
      summarize(event('alert.raised', { name: 'lag', severity: 'warning', message: '3 spikes' })),
    ).toBe('warning: 3 spikes (lag)');
    expect(summarize(event('metric.sample', { measurement: 'x'.repeat(400) })).length).toBe(160);
  });
});
