import { describe, expect, it } from 'vitest';
import {
  type LinePoint,
  parseLine,
  parseLineProtocol,
  parsePrecision,
} from '../../../src/pipeline/sources/lineProtocol.ts';

function one(line: string): LinePoint {
  const parsed = parseLine(line);
  if (typeof parsed === 'string') throw new Error(`expected a point, got error: ${parsed}`);
  return parsed;
}

describe('line protocol: valid lines', () => {
  const cases: Array<[string, string, LinePoint]> = [
    ['minimal', 'cpu value=1', { measurement: 'cpu', tags: {}, fields: { value: 1 } }],
    [
      'tags, fields and a nanosecond timestamp',
      'cpu,host=a,region=eu value=0.5,n=3i 1764160000123456789',
      {
        measurement: 'cpu',
        tags: { host: 'a', region: 'eu' },
        fields: { value: 0.5, n: 3 },
        timeMs: 1764160000123,
      },
    ],
    [
      'escaped comma and space in the measurement',
      'my\\,meas\\ ure value=1',
      { measurement: 'my,meas ure', tags: {}, fields: { value: 1 } },
    ],
    [
      'escaped comma, space and equals in tag keys and values',
      'm,ta\\=g\\ k\\,ey=va\\,l\\=u\\ e f=1',
      { measurement: 'm', tags: { 'ta=g k,ey': 'va,l=u e' }, fields: { f: 1 } },
    ],
    [
      'escaped characters in field keys',
      'm fi\\ el\\,d\\=x=2i',
      { measurement: 'm', tags: {}, fields: { 'fi el,d=x': 2 } },
    ],
    [
      'string fields with escaped quote and backslash',
      'm s="a \\"quoted\\" \\\\ path",t="x,y=z w"',
      { measurement: 'm', tags: {}, fields: { s: 'a "quoted" \\ path', t: 'x,y=z w' } },
    ],
    [
      'a backslash before an ordinary character is literal',
      'm\\x,t=a\\b s="c\\d"',
      { measurement: 'm\\x', tags: { t: 'a\\b' }, fields: { s: 'c\\d' } },
    ],
    [
      'empty string field',
      'events title="Worldserver shutdown",text=""',
      { measurement: 'events', tags: {}, fields: { title: 'Worldserver shutdown', text: '' } },
    ],
    [
      'integers (signed, int64 bounds) and unsigned',
      'm a=-5i,b=9223372036854775807i,c=-9223372036854775808i,d=18446744073709551615u,e=0u',
      {
        measurement: 'm',
        tags: {},
        fields: {
          a: -5,
          b: 9223372036854775807,
          c: -9223372036854775808,
          d: 18446744073709551615,
          e: 0,
        },
      },
    ],
    [
      'floats in every accepted spelling',
      'm a=1,b=-1.5,c=1.,d=.5,e=1e3,f=-2.5E-2,g=12.500000',
      {
        measurement: 'm',
        tags: {},
        fields: { a: 1, b: -1.5, c: 1, d: 0.5, e: 1000, f: -0.025, g: 12.5 },
      },
    ],
    [
      'every boolean spelling',
      'm a=t,b=T,c=true,d=True,e=TRUE,f=f,g=F,h=false,i=False,j=FALSE',
      {
        measurement: 'm',
        tags: {},
        fields: {
          a: true,
          b: true,
          c: true,
          d: true,
          e: true,
          f: false,
          g: false,
          h: false,
          i: false,
          j: false,
        },
      },
    ],
    [
      'negative timestamp',
      'm v=1 -1000000',
      { measurement: 'm', tags: {}, fields: { v: 1 }, timeMs: -1 },
    ],
    [
      'repeated field key keeps the last value',
      'm v=1,v=2',
      { measurement: 'm', tags: {}, fields: { v: 2 } },
    ],
    [
      'extra spaces between sections and after the timestamp',
      'm,t=1   v=1   5000000  ',
      { measurement: 'm', tags: { t: '1' }, fields: { v: 1 }, timeMs: 5 },
    ],
    [
      'the worldserver realm tag with an escaped space',
      'player_events,realm=Trinity\\ Realm title="Login",text="Thrall" 1764160000000000000',
      {
        measurement: 'player_events',
        tags: { realm: 'Trinity Realm' },
        fields: { title: 'Login', text: 'Thrall' },
        timeMs: 1764160000000,
      },
    ],
    [
      'worldserver quirk: unescaped quotes inside event text',
      'player_events,realm=R title="Login",text="Bob "the" Great" 1764160000000000000',
      {
        measurement: 'player_events',
        tags: { realm: 'R' },
        fields: { title: 'Login', text: 'Bob "the" Great' },
        timeMs: 1764160000000,
      },
    ],
    [
      'worldserver quirk: unescaped quote followed by a comma in the text',
      'events title="Said "hi", then left",text="x"',
      { measurement: 'events', tags: {}, fields: { title: 'Said "hi", then left', text: 'x' } },
    ],
    [
      'worldserver quirk: quote at the very end of the text',
      'events,realm=R title="Login",text="Bob""',
      { measurement: 'events', tags: { realm: 'R' }, fields: { title: 'Login', text: 'Bob"' } },
    ],
    [
      'worldserver quirk: unescaped comma in the realm tag',
      'online_players,realm=Foo,Bar\\ Realm value=3i',
      { measurement: 'online_players', tags: { realm: 'Foo,Bar Realm' }, fields: { value: 3 } },
    ],
    [
      'worldserver quirk: unescaped equals in the realm tag',
      'online_players,realm=A=B,type=x value=3i',
      { measurement: 'online_players', tags: { realm: 'A=B', type: 'x' }, fields: { value: 3 } },
    ],
    [
      'unicode in names and text',
      'player_events,realm=Förde title="Login",text="Ærwyn" 1000000',
      {
        measurement: 'player_events',
        tags: { realm: 'Förde' },
        fields: { title: 'Login', text: 'Ærwyn' },
        timeMs: 1,
      },
    ],
    [
      'a __proto__ key is an ordinary key',
      'm,__proto__=x __proto__=1',
      { measurement: 'm', tags: { ['__proto__']: 'x' }, fields: { ['__proto__']: 1 } },
    ],
  ];
  for (const [name, line, expected] of cases) {
    it(name, () => {
      const point = one(line);
      expect(point).toEqual(expected);
      expect(Object.getPrototypeOf(point.tags)).toBe(Object.prototype);
    });
  }
});

describe('line protocol: invalid lines', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['no fields', 'cpu', /missing fields/],
    ['no fields after tags', 'cpu,host=a', /missing fields/],
    ['spaces but no fields', 'cpu   ', /missing fields/],
    ['empty measurement', ',host=a v=1', /missing measurement/],
    ['empty tag key', 'm,=a v=1', /missing tag key/],
    ['empty tag value', 'm,t= v=1', /missing tag value/],
    ['a first tag without value', 'm,t v=1', /missing tag value/],
    ['field without value', 'm v', /missing field value/],
    ['field with empty value', 'm v=', /missing field value/],
    ['field with empty value before a comma', 'm v=,w=1', /missing field value/],
    ['empty field key', 'm =1', /missing field key/],
    ['trailing comma in the field set', 'm v=1,', /missing field key/],
    ['unterminated string', 'm s="abc', /unterminated string/],
    ['bare word value', 'm v=hello', /invalid field value/],
    ['misspelled boolean', 'm v=tru', /invalid boolean/],
    ['integer with a fraction', 'm v=1.5i', /invalid number/],
    ['unsigned with a sign', 'm v=-1u', /invalid number/],
    ['integer overflow', 'm v=9223372036854775808i', /integer out of range/],
    ['unsigned overflow', 'm v=18446744073709551616u', /unsigned integer out of range/],
    ['float overflow', 'm v=1e400', /float out of range/],
    ['NaN', 'm v=NaN', /invalid field value/],
    ['two dots', 'm v=1.2.3', /invalid number/],
    ['non-numeric timestamp', 'm v=1 abc', /bad timestamp/],
    ['timestamp with a fraction', 'm v=1 1.5', /bad timestamp/],
    ['timestamp with trailing junk', 'm v=1 123 456', /bad timestamp/],
    ['timestamp beyond int64', 'm v=1 99999999999999999999', /timestamp out of range/],
  ];
  for (const [name, line, message] of cases) {
    it(name, () => {
      const parsed = parseLine(line);
      expect(typeof parsed).toBe('string');
      expect(parsed).toMatch(message);
    });
  }

  it('seconds precision beyond the Date range is out of range', () => {
    expect(parseLine('m v=1 9223372036854775807', 's')).toMatch(/timestamp out of range/);
  });
});

describe('line protocol: bodies', () => {
  it('parses several lines without a trailing newline, as the worldserver sends them', () => {
    const body = [
      'player_events,realm=Trinity\\ Realm title="Login",text="Thrall" 1764160000000000000',
      'online_players,realm=Trinity\\ Realm value=3i 1764160000100000000',
      'update_time_diff,realm=Trinity\\ Realm value=12i 1764160000123456789',
      'events,realm=Trinity\\ Realm title="Worldserver shutdown",text="" 1764160099000000000',
    ].join('\n');
    const { points, errors } = parseLineProtocol(body);
    expect(errors).toEqual([]);
    expect(points.map((p) => [p.measurement, p.timeMs])).toEqual([
      ['player_events', 1764160000000],
      ['online_players', 1764160000100],
      ['update_time_diff', 1764160000123],
      ['events', 1764160099000],
    ]);
  });

  it('skips blank lines and comments, accepts CRLF, and reports bad lines by number', () => {
    const body = '# a comment\r\n\r\n  \nm v=1\r\nbad\n   # indented comment\nm v=2i\nm v=\n';
    const { points, errors } = parseLineProtocol(body);
    expect(points).toEqual([
      { measurement: 'm', tags: {}, fields: { v: 1 } },
      { measurement: 'm', tags: {}, fields: { v: 2 } },
    ]);
    expect(errors).toEqual([
      { line: 5, message: 'missing fields', text: 'bad' },
      { line: 8, message: "missing field value for 'v'", text: 'm v=' },
    ]);
  });

  it('a newline always ends a line, even inside a string', () => {
    const { points, errors } = parseLineProtocol('m s="one\ntwo" 5');
    expect(points).toEqual([]);
    expect(errors.map((e) => e.line)).toEqual([1, 2]);
  });

  it('truncates the text of an invalid line', () => {
    const long = 'x'.repeat(1000);
    const { errors } = parseLineProtocol(long);
    expect(errors[0].text).toHaveLength(256);
  });

  it('an empty body has no points and no errors', () => {
    expect(parseLineProtocol('')).toEqual({ points: [], errors: [] });
  });

  it('stays fast on a pathological line of quotes and commas', () => {
    const line = 'm s="' + '",a'.repeat(20_000) + '"';
    const parsed = parseLine(line);
    expect(typeof parsed === 'object' && parsed.fields.s).toBe('",a'.repeat(20_000));
  });
});

describe('line protocol: precision', () => {
  it('converts every precision to ms', () => {
    const at = (precision: Parameters<typeof parseLine>[1], ts: string) =>
      (parseLine(`m v=1 ${ts}`, precision) as LinePoint).timeMs;
    expect(at('ns', '1500000000')).toBe(1500);
    expect(at('us', '1500000')).toBe(1500);
    expect(at('ms', '1500')).toBe(1500);
    expect(at('s', '2')).toBe(2000);
    expect(at('m', '2')).toBe(120_000);
    expect(at('h', '1')).toBe(3_600_000);
  });

  it('reads the v1 and v2 precision parameters', () => {
    expect(parsePrecision(undefined, 'v1')).toBe('ns');
    expect(parsePrecision('', 'v2')).toBe('ns');
    expect(parsePrecision('n', 'v1')).toBe('ns');
    expect(parsePrecision('u', 'v1')).toBe('us');
    expect(parsePrecision('µ', 'v1')).toBe('us');
    expect(parsePrecision('h', 'v1')).toBe('h');
    expect(parsePrecision('s', 'v2')).toBe('s');
    expect(parsePrecision('h', 'v2')).toBeUndefined();
    expect(parsePrecision('n', 'v2')).toBeUndefined();
    expect(parsePrecision('weeks', 'v1')).toBeUndefined();
    expect(parsePrecision('constructor', 'v1')).toBeUndefined();
  });
});
