import { describe, expect, it } from 'vitest';
import { jsonDepth, parseClientJson } from '../../src/server/safeJson.ts';

describe('client JSON parsing', () => {
  it('measures nesting outside strings and stops past the limit', () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}', 8)).toBe(3);
    expect(jsonDepth('{"a":"[[[[{{{{"}', 8)).toBe(1);
    expect(jsonDepth('{"a":"\\"[[[["}', 8)).toBe(1);
    expect(jsonDepth('['.repeat(100_000), 8)).toBe(9);
    expect(jsonDepth('1', 8)).toBe(0);
  });

  it('parses, refuses garbage and deep nesting with codes', () => {
    expect(parseClientJson('{"op":"ping"}', 8)).toEqual({ ok: true, value: { op: 'ping' } });
    expect(parseClientJson('{"op":', 8)).toMatchObject({ ok: false, code: 'bad_json' });
    expect(parseClientJson('[[[[[[[[[[]]]]]]]]]]', 8)).toMatchObject({
      ok: false,
      code: 'too_deep',
    });
  });

  it('keeps __proto__ an own property without touching prototypes', () => {
    const parsed = parseClientJson('{"__proto__":{"polluted":true}}', 8);
    expect(parsed.ok && Object.keys(parsed.value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
