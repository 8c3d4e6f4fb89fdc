/**
 * @module An InfluxDB line-protocol parser (v1 and v2 share the format): escaped commas,
 * spaces and equals signs, quoted string fields, integer `i` / unsigned `u` suffixes,
 * booleans, optional timestamps with a precision, several lines per body, blank lines and
 * comments. It also accepts what TrinityCore/AzerothCore's Metric sink really writes:
 * unescaped `"` inside event text, and commas or `=` inside the realm tag value.
 *
 * Lines are separated by `\n` (a trailing `\r` is dropped); a newline never continues a
 * string field, as the v2 spec states. One bad line never spoils the others: the result
 * holds the points of every valid line and one error per invalid line.
 */

/** A field value: float and integer fields are numbers, `"..."` strings, `t`/`f` booleans. */
export type FieldValue = number | string | boolean;

/** One parsed line. */
export interface LinePoint {
  /** The measurement (`player_events`, `online_players`, ...). */
  readonly measurement: string;
  /** Tag set, unescaped. */
  readonly tags: Readonly<Record<string, string>>;
  /** Field set, unescaped and typed; a repeated key keeps the last value. */
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** Timestamp converted to ms since the epoch (truncated), absent when the line has none. */
  readonly timeMs?: number;
}

/** An invalid line: where, why, and the text (truncated). */
export interface LineError {
  /** 1-based line number in the body. */
  readonly line: number;
  /** What is wrong, InfluxDB style (`missing fields`, `invalid boolean`, ...). */
  readonly message: string;
  /** The line, truncated to {@link MAX_ERROR_TEXT} characters. */
  readonly text: string;
}

/** What {@link parseLineProtocol} returns. */
export interface LineProtocolResult {
  /** Points of every valid line, in body order. */
  readonly points: LinePoint[];
  /** One entry per invalid line, in body order. */
  readonly errors: LineError[];
}

/** Timestamp precisions: InfluxDB v1 accepts all of them, v2 `ns`, `us`, `ms` and `s`. */
export type Precision = 'ns' | 'us' | 'ms' | 's' | 'm' | 'h';

/** Longest line text kept in a {@link LineError}. */
export const MAX_ERROR_TEXT = 256;

const PRECISION_ALIASES: Readonly<Record<string, Precision>> = {
  n: 'ns',
  ns: 'ns',
  u: 'us',
  us: 'us',
  'µ': 'us',
  ms: 'ms',
  s: 's',
  m: 'm',
  h: 'h',
};
const V2_PRECISIONS = new Set<string>(['ns', 'us', 'ms', 's']);

/**
 * Reads the `precision` query parameter of a write.
 *
 * @param value The parameter (absent means nanoseconds).
 * @param api `v1` accepts `n`, `ns`, `u`, `us`, `µ`, `ms`, `s`, `m`, `h`; `v2` only `ns`,
 *   `us`, `ms`, `s`.
 * @returns The precision, or undefined when the value is not one of those.
 */
export function parsePrecision(value: string | undefined, api: 'v1' | 'v2'): Precision | undefined {
  if (value === undefined || value === '') return 'ns';
  if (api === 'v2') return V2_PRECISIONS.has(value) ? value as Precision : undefined;
  return Object.hasOwn(PRECISION_ALIASES, value) ? PRECISION_ALIASES[value] : undefined;
}

// ms = value * MUL / DIV, in bigint so nanosecond timestamps keep their precision.
const TO_MS: Readonly<Record<Precision, readonly [bigint, bigint]>> = {
  ns: [1n, 1_000_000n],
  us: [1n, 1_000n],
  ms: [1n, 1n],
  s: [1_000n, 1n],
  m: [60_000n, 1n],
  h: [3_600_000n, 1n],
};
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
// JavaScript Dates span +-8.64e15 ms; a timestamp beyond that is not a time.
const MAX_TIME_MS = 8_640_000_000_000_000n;

/**
 * Parses a line-protocol body.
 *
 * ## Example
 * ```ts
 * const { points, errors } = parseLineProtocol(
 *   'player_events,realm=Trinity\\ Realm title="Login",text="Thrall" 1764160000000000000',
 * );
 * // points[0].fields.text === 'Thrall', points[0].timeMs === 1764160000000
 * ```
 *
 * @param body The request body (UTF-8 decoded).
 * @param precision Unit of the timestamps (default nanoseconds).
 * @returns Points of the valid lines and one error per invalid line.
 */
export function parseLineProtocol(body: string, precision: Precision = 'ns'): LineProtocolResult {
  const points: LinePoint[] = [];
  const errors: LineError[] = [];
  let start = 0;
  let lineNo = 0;
  while (start <= body.length) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    lineNo++;
    let line = body.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    start = end + 1;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const parsed = parseLine(trimmed, precision);
    if (typeof parsed === 'string') {
      errors.push({ line: lineNo, message: parsed, text: trimmed.slice(0, MAX_ERROR_TEXT) });
    } else {
      points.push(parsed);
    }
  }
  return { points, errors };
}

/**
 * Parses one line (no newline in it, leading whitespace removed).
 *
 * @param line The line.
 * @param precision Unit of the timestamp.
 * @returns The point, or an error message.
 */
export function parseLine(line: string, precision: Precision = 'ns'): LinePoint | string {
  const cursor = { pos: 0 };
  const measurement = readToken(line, cursor, MEASUREMENT_ESCAPES, MEASUREMENT_STOPS);
  if (measurement === '') return 'missing measurement';
  const tags: Array<[string, string]> = [];
  while (line[cursor.pos] === ',') {
    cursor.pos++;
    const tag = readTag(line, cursor);
    if (tag.kind === 'error') return tag.message;
    if (tag.kind === 'piece') {
      // The worldserver writes commas in the realm name unescaped: a piece without `=`
      // continues the previous tag's value.
      if (tags.length === 0) return `missing tag value for '${tag.text}'`;
      tags[tags.length - 1][1] += ',' + tag.text;
      continue;
    }
    tags.push([tag.key, tag.value]);
  }
  if (!skipSpaces(line, cursor)) return 'missing fields';
  const fields: Array<[string, FieldValue]> = [];
  for (;;) {
    const field = readField(line, cursor);
    if (typeof field === 'string') return field;
    fields.push(field);
    if (line[cursor.pos] === ',') {
      cursor.pos++;
      continue;
    }
    break;
  }
  let timeMs: number | undefined;
  if (cursor.pos < line.length) {
    skipSpaces(line, cursor);
    const rest = line.slice(cursor.pos).trimEnd();
    if (rest !== '') {
      const time = parseTimestamp(rest, precision);
      if (typeof time === 'string') return time;
      timeMs = time;
    }
  }
  const point: LinePoint = {
    measurement,
    tags: Object.fromEntries(tags),
    fields: Object.fromEntries(fields),
  };
  return timeMs === undefined ? point : { ...point, timeMs };
}

interface Cursor {
  pos: number;
}

const MEASUREMENT_ESCAPES = new Set([',', ' ', '\\']);
const KEY_ESCAPES = new Set([',', ' ', '=', '\\']);
const MEASUREMENT_STOPS = new Set([',', ' ']);
const KEY_STOPS = new Set([',', ' ', '=']);
const TAG_VALUE_STOPS = new Set([',', ' ']);

/**
 * Reads characters until an unescaped stop character, unescaping `\x` for x in `escapes`
 * (any other backslash is literal, as the spec says).
 */
function readToken(
  line: string,
  cursor: Cursor,
  escapes: ReadonlySet<string>,
  stops: ReadonlySet<string>,
): string {
  let out = '';
  let i = cursor.pos;
  while (i < line.length) {
    const ch = line[i];
    if (ch === '\\' && i + 1 < line.length && escapes.has(line[i + 1])) {
      out += line[i + 1];
      i += 2;
      continue;
    }
    if (stops.has(ch)) break;
    out += ch;
    i++;
  }
  cursor.pos = i;
  return out;
}

type TagPiece =
  | { kind: 'tag'; key: string; value: string }
  | { kind: 'piece'; text: string }
  | { kind: 'error'; message: string };

function readTag(line: string, cursor: Cursor): TagPiece {
  const key = readToken(line, cursor, KEY_ESCAPES, KEY_STOPS);
  if (key === '') return { kind: 'error', message: 'missing tag key' };
  if (line[cursor.pos] !== '=') return { kind: 'piece', text: key };
  cursor.pos++;
  // `=` inside a tag value is tolerated unescaped (the worldserver does not escape it).
  const value = readToken(line, cursor, KEY_ESCAPES, TAG_VALUE_STOPS);
  if (value === '') return { kind: 'error', message: `missing tag value for '${key}'` };
  return { kind: 'tag', key, value };
}

function skipSpaces(line: string, cursor: Cursor): boolean {
  const before = cursor.pos;
  while (line[cursor.pos] === ' ' || line[cursor.pos] === '\t') cursor.pos++;
  return cursor.pos > before && cursor.pos < line.length;
}

function readField(line: string, cursor: Cursor): [string, FieldValue] | string {
  const key = readToken(line, cursor, KEY_ESCAPES, KEY_STOPS);
  if (line[cursor.pos] !== '=') {
    return key === '' ? 'missing field key' : `missing field value for '${key}'`;
  }
  if (key === '') return 'missing field key';
  cursor.pos++;
  if (line[cursor.pos] === '"') {
    const text = readString(line, cursor);
    return typeof text === 'string' ? [key, text] : `unterminated string in field '${key}'`;
  }
  const startValue = cursor.pos;
  while (cursor.pos < line.length && line[cursor.pos] !== ',' && line[cursor.pos] !== ' ') {
    cursor.pos++;
  }
  const raw = line.slice(startValue, cursor.pos);
  if (raw === '') return `missing field value for '${key}'`;
  const value = parseScalar(raw);
  return typeof value === 'object' ? `${value.error} for field '${key}'` : [key, value];
}

const FIELD_KEY_AHEAD = /(?:[^,= \\"]|\\.)+=/y;
const TIMESTAMP_AHEAD = /[ \t]+(?:-?\d+)?[ \t]*$/y;
// Bounds the look-ahead that decides whether a quote closes a string (keeps pathological
// lines linear enough).
const MAX_KEY_AHEAD = 1024;

/**
 * Reads a quoted string starting at the opening quote. `\"` and `\\` are escapes. An
 * unescaped quote closes the string only when what follows can end a field (end of line,
 * `,key=`, or a timestamp); otherwise it is part of the text, which is how the
 * worldserver's unescaped event text (`text="Bob "the" Great"`) is read.
 *
 * @returns The text, or `{}` when the string is not terminated.
 */
function readString(line: string, cursor: Cursor): string | Record<string, never> {
  let out = '';
  let i = cursor.pos + 1;
  while (i < line.length) {
    const ch = line[i];
    if (ch === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) {
      out += line[i + 1];
      i += 2;
      continue;
    }
    if (ch === '"' && closesString(line, i + 1)) {
      cursor.pos = i + 1;
      return out;
    }
    out += ch;
    i++;
  }
  return {};
}

function closesString(line: string, next: number): boolean {
  if (next >= line.length) return true;
  if (line[next] === ',') {
    FIELD_KEY_AHEAD.lastIndex = next + 1;
    const window = line.length - next > MAX_KEY_AHEAD ? line.slice(0, next + MAX_KEY_AHEAD) : line;
    return FIELD_KEY_AHEAD.test(window);
  }
  if (line[next] === ' ' || line[next] === '\t') {
    TIMESTAMP_AHEAD.lastIndex = next;
    return TIMESTAMP_AHEAD.test(line);
  }
  return false;
}

const BOOLEANS: Readonly<Record<string, boolean>> = {
  t: true,
  T: true,
  true: true,
  True: true,
  TRUE: true,
  f: false,
  F: false,
  false: false,
  False: false,
  FALSE: false,
};
const INTEGER = /^-?\d+i$/;
const UNSIGNED = /^\d+u$/;
const FLOAT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

function parseScalar(raw: string): FieldValue | { error: string } {
  if (Object.hasOwn(BOOLEANS, raw)) return BOOLEANS[raw];
  if (INTEGER.test(raw)) {
    const big = BigInt(raw.slice(0, -1));
    if (big < INT64_MIN || big > INT64_MAX) return { error: 'integer out of range' };
    return Number(big);
  }
  if (UNSIGNED.test(raw)) {
    const big = BigInt(raw.slice(0, -1));
    if (big > UINT64_MAX) return { error: 'unsigned integer out of range' };
    return Number(big);
  }
  if (FLOAT.test(raw)) {
    const value = Number(raw);
    if (!Number.isFinite(value)) return { error: 'float out of range' };
    return value;
  }
  if (/^[-\d.]/.test(raw)) return { error: `invalid number '${raw.slice(0, 32)}'` };
  if (/^[tTfF]/.test(raw)) return { error: `invalid boolean '${raw.slice(0, 32)}'` };
  return { error: `invalid field value '${raw.slice(0, 32)}'` };
}

function parseTimestamp(raw: string, precision: Precision): number | string {
  if (!/^-?\d+$/.test(raw)) return `bad timestamp '${raw.slice(0, 32)}'`;
  const big = BigInt(raw);
  if (big < INT64_MIN || big > INT64_MAX) return 'timestamp out of range';
  const [mul, div] = TO_MS[precision];
  const ms = (big * mul) / div;
  if (ms > MAX_TIME_MS || ms < -MAX_TIME_MS) return 'timestamp out of range';
  return Number(ms);
}
