import { describe, expect, it } from 'vitest';
import {
  entryLine,
  eventLine,
  headerLine,
  makeHeader,
  markerLine,
  parseEntry,
  parseHeader,
  RecordingFormatError,
} from '../../../src/pipeline/recording/format.ts';
import { login } from '../../helpers/recordings.ts';

describe('recording format v1', () => {
  it('writes a header with format and version first, leaving out undefined fields', () => {
    const header = makeHeader({ id: 'x', name: 'X', startTime: 7, description: undefined });
    expect(headerLine(header)).toBe(
      '{"format":"realmstream-recording","version":1,"id":"x","name":"X","startTime":7}\n',
    );
    expect(parseHeader(headerLine(header).trim())).toEqual(header);
  });

  it('writes event lines around the pre-serialised JSON and marker lines', () => {
    const event = login('Anna', 1);
    const json = JSON.stringify(event);
    expect(eventLine(12, json)).toBe(`{"t":12,"event":${json}}\n`);
    expect(entryLine({ t: 12, event })).toBe(eventLine(12, json));
    expect(markerLine(3, { kind: 'note', label: 'x' })).toBe(
      '{"t":3,"marker":{"kind":"note","label":"x"}}\n',
    );
    expect(parseEntry(eventLine(12, json).trim())).toEqual({ t: 12, event });
  });

  it('rejects lines that are not entries', () => {
    const event = login('Anna', 1);
    const bad = [
      'null',
      '[]',
      '{"t":1}',
      '{"t":-1,"event":' + JSON.stringify(event) + '}',
      '{"t":"1","event":' + JSON.stringify(event) + '}',
      '{"t":1,"event":{"type":"player.login"}}',
      '{"t":1,"event":' + JSON.stringify({ ...event, data: null }) + '}',
      '{"t":1,"marker":{"kind":"explosion"}}',
      '{"t":1e999,"marker":{"kind":"note","label":"x"}}',
      '{"t":1,"marker":',
    ];
    for (const line of bad) expect(parseEntry(line), line).toBeUndefined();
  });

  it('rejects headers of other formats and newer versions with RecordingFormatError', () => {
    expect(() =>
      parseHeader(
        '{"format":"realmstream-recording","version":1.5,"id":"a","name":"a","startTime":0}',
      )
    )
      .toThrow(RecordingFormatError);
    expect(() => parseHeader('{"format":"realmstream-recording","version":1,"id":"a","name":"a"}'))
      .toThrow(/startTime/);
    const future = parseHeader.bind(
      null,
      '{"format":"realmstream-recording","version":9,"id":"a","name":"a","startTime":0}',
    );
    expect(future).toThrow(/version 9 is newer than this reader \(1\)/);
  });

  it('keeps unknown header fields (forward compatible within v1)', () => {
    const header = parseHeader(
      '{"format":"realmstream-recording","version":1,"id":"a","name":"a","startTime":0,"future":true}',
    );
    expect(header).toMatchObject({ future: true });
  });
});
