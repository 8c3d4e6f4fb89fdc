import { describe, expect, it } from 'vitest';
import { acTimeString, parseDelay, tcTimeString } from '../../src/simulator/timeString.ts';

describe('tcTimeString (TrinityCore secsToTimeString)', () => {
  it('FullText: the reference examples', () => {
    expect(tcTimeString(8047)).toBe('2 Hours 14 Minutes 7 Seconds.');
    expect(tcTimeString(90000)).toBe('1 Day 1 Hour ');
  });

  it('FullText: singular forms, zero, days', () => {
    expect(tcTimeString(0)).toBe('0 Second.');
    expect(tcTimeString(1)).toBe('1 Second.');
    expect(tcTimeString(61)).toBe('1 Minute 1 Second.');
    expect(tcTimeString(3600)).toBe('1 Hour ');
    expect(tcTimeString(2 * 86400 + 120)).toBe('2 Days 2 Minutes ');
    expect(tcTimeString(90)).toBe('1 Minute 30 Seconds.');
  });

  it('ShortText, and hoursOnly as pinfo uses it', () => {
    expect(tcTimeString(93784, 'short')).toBe('1d2h3m4s');
    expect(tcTimeString(93784, 'short', true)).toBe('1d2h');
    expect(tcTimeString(59, 'short', true)).toBe('0h');
  });
});

describe('acTimeString (AzerothCore secsToTimeString)', () => {
  it('full text without the trailing space', () => {
    expect(acTimeString(8047)).toBe('2 hour(s) 14 minute(s) 7 second(s)');
    expect(acTimeString(0)).toBe('0 second(s)');
    expect(acTimeString(86400)).toBe('1 day(s)');
    expect(acTimeString(60)).toBe('1 minute(s)');
  });

  it('short text', () => {
    expect(acTimeString(93784, true)).toBe('1d2h3m4s');
    expect(acTimeString(93600, true)).toBe('1d2h');
  });
});

describe('parseDelay', () => {
  it('reads seconds and time strings, rejects the rest', () => {
    expect(parseDelay('90')).toBe(90);
    expect(parseDelay('-5')).toBe(-5);
    expect(parseDelay('1h30m')).toBe(5400);
    expect(parseDelay('2d')).toBe(172800);
    expect(parseDelay('force')).toBeUndefined();
    expect(parseDelay('')).toBeUndefined();
  });
});
