import { describe, expect, it } from 'vitest';
import { compileRedactor, REDACTED } from '../../../src/pipeline/recording/redact.ts';
import { stamped } from '../../helpers/recordings.ts';

describe('compileRedactor', () => {
  it('redacts data.ip by default paths and keeps the JSON untouched when absent', () => {
    const redact = compileRedactor(['data.ip']);
    const withIp = stamped('player.login', { character: 'Anna', ip: '203.0.113.9' });
    const json = JSON.stringify(withIp);
    const out = redact(withIp, json);
    expect(out.changed).toBe(true);
    expect(out.json).not.toContain('203.0.113.9');
    expect(JSON.parse(out.json).data).toEqual({ character: 'Anna', ip: REDACTED });
    const without = stamped('player.login', { character: 'Bert' });
    const plain = JSON.stringify(without);
    expect(redact(without, plain)).toEqual({ json: plain, changed: false });
    expect(redact(without, plain).json).toBe(plain); // same string, no re-serialisation
  });

  it('removes non-string values and walks arrays with *', () => {
    const redact = compileRedactor(['data.players.*.account', 'data.count']);
    const roster = stamped('realm.roster', {
      reason: 'start',
      count: 2,
      players: [{ character: 'A', account: 'ACC1' }, { character: 'B', level: 3 }],
    });
    const out = JSON.parse(redact(roster, JSON.stringify(roster)).json);
    expect(out.data).toEqual({
      reason: 'start',
      players: [{ character: 'A', account: REDACTED }, { character: 'B', level: 3 }],
    });
  });

  it('does nothing with no paths, and rejects empty paths', () => {
    const event = stamped('player.login', { character: 'A', ip: '1.2.3.4' });
    const json = JSON.stringify(event);
    expect(compileRedactor([])(event, json)).toEqual({ json, changed: false });
    expect(() => compileRedactor([''])).toThrow(RangeError);
    expect(() => compileRedactor(['data..ip'])).toThrow(RangeError);
  });

  it('does not mutate the event object', () => {
    const event = stamped('player.login', { character: 'A', ip: '1.2.3.4' });
    compileRedactor(['data.ip'])(event, JSON.stringify(event));
    expect(event.data).toMatchObject({ ip: '1.2.3.4' });
  });
});
