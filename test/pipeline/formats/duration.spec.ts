import { describe, expect, it } from 'vitest';
import { parseDuration, unitLookup } from '../../../src/pipeline/formats/duration.ts';
import { TRINITYCORE_FORMATS } from '../../../src/pipeline/formats/trinitycore.ts';
import { AZEROTHCORE_FORMATS } from '../../../src/pipeline/formats/azerothcore.ts';

const units = (table: Readonly<Record<string, string>>) =>
  unitLookup({
    days: table['duration.days'].split('|'),
    hours: table['duration.hours'].split('|'),
    minutes: table['duration.minutes'].split('|'),
    seconds: table['duration.seconds'].split('|'),
  });
const tc = units(TRINITYCORE_FORMATS);
const ac = units(AZEROTHCORE_FORMATS);

describe('parseDuration', () => {
  it('reads TrinityCore full text, with singular units and the trailing dot or space', () => {
    expect(parseDuration('2 Hours 14 Minutes 7 Seconds.', tc)).toBe(8047);
    expect(parseDuration('1 Day 1 Hour ', tc)).toBe(90_000);
    expect(parseDuration('1 Second.', tc)).toBe(1);
    expect(parseDuration('0 Seconds.', tc)).toBe(0);
    expect(parseDuration('3 Days 2 Hour(s) 1 Minute(s) 9 Second(s).', tc)).toBe(266_469);
  });

  it('reads the short forms of both flavours', () => {
    expect(parseDuration('1d2h', tc)).toBe(93_600);
    expect(parseDuration('0h', tc)).toBe(0);
    expect(parseDuration('1d2h3m4s', ac)).toBe(93_784);
  });

  it('reads AzerothCore text', () => {
    expect(parseDuration('2 hour(s) 14 minute(s) 7 second(s)', ac)).toBe(8047);
    expect(parseDuration('1 minute(s) 30 second(s).', ac)).toBe(90);
  });

  it('rejects unknown units and text that is not a span', () => {
    expect(parseDuration('2 Stunden', tc)).toBeUndefined();
    expect(parseDuration('soon', tc)).toBeUndefined();
    expect(parseDuration('', tc)).toBeUndefined();
    expect(parseDuration('about 2 Hours', tc)).toBeUndefined();
  });
});
