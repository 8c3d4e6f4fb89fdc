import { describe, expect, it } from 'vitest';
import { parseServerFrame } from '../../src/client/messages.ts';

describe('parseServerFrame', () => {
  it('accepts JSON objects with a string op, known or not', () => {
    expect(parseServerFrame('{"op":"pong","id":"a"}')).toEqual({
      ok: true,
      message: { op: 'pong', id: 'a' },
    });
    expect(parseServerFrame('{"op":"future_thing"}')).toEqual({
      ok: true,
      message: { op: 'future_thing' },
    });
  });

  it('refuses everything else with a reason', () => {
    expect(parseServerFrame('{nope')).toEqual({ ok: false, error: 'not JSON' });
    expect(parseServerFrame('[1]')).toEqual({ ok: false, error: 'not an object' });
    expect(parseServerFrame('null')).toEqual({ ok: false, error: 'not an object' });
    expect(parseServerFrame('{"op":3}')).toEqual({ ok: false, error: 'no op' });
    expect(parseServerFrame(new ArrayBuffer(2))).toEqual({ ok: false, error: 'binary frame' });
    expect(parseServerFrame(new Uint8Array(2))).toEqual({ ok: false, error: 'binary frame' });
  });
});
