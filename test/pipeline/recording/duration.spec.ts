import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/pipeline/recording/duration.ts';

describe('durations', () => {
  it('parses plain milliseconds and unit parts', () => {
    expect(parseDuration('1500')).toBe(1500);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('2.5s')).toBe(2500);
    expect(parseDuration(' 250ms ')).toBe(250);
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'abc', '5x', '1m 30s', '-5s', 's', '10s20', '1e3']) {
      expect(() => parseDuration(bad), bad).toThrow(RangeError);
    }
  });

  it('formats for people', () => {
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(12_340)).toBe('12.3s');
    expect(formatDuration(245_000)).toBe('4m 05s');
    expect(formatDuration(3_723_000)).toBe('1h 02m 03s');
  });
});
