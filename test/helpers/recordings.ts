/**
 * @module Test helper for recordings: stamped events without a hub, in-memory recordings,
 * and throwaway recording directories.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DraftEvent,
  draftEvent,
  type EventData,
  type EventType,
  type RealmEvent,
} from '../../src/pipeline/events.ts';
import type { RecordingEntry } from '../../src/pipeline/recording/format.ts';
import { createRecording, type Recording } from '../../src/pipeline/recording/recording.ts';

let nextSeq = 1;

/**
 * A stamped event, as the hub would publish it.
 *
 * @param type Event type.
 * @param data Its data.
 * @param fields Realm, time, seq overrides.
 * @returns The event.
 */
export function stamped<T extends EventType>(
  type: T,
  data: EventData<T>,
  fields: { realm?: string; time?: number; seq?: number; epoch?: string } = {},
): RealmEvent {
  const seq = fields.seq ?? nextSeq++;
  const draft = draftEvent(type, {
    realm: fields.realm ?? 'world-1',
    time: fields.time ?? 1_764_160_000_000 + seq,
    source: 'soap',
    data,
  }) as DraftEvent;
  return { id: `${fields.epoch ?? 'test'}:${seq}`, seq, ...draft } as RealmEvent;
}

/**
 * A login event.
 *
 * @param character Character name.
 * @param seq Sequence number.
 * @returns The event.
 */
export function login(character: string, seq?: number): RealmEvent {
  return stamped('player.login', { character }, { seq });
}

/**
 * An in-memory recording of events at the given offsets, optionally with markers.
 *
 * @param timed `[t, event]` pairs.
 * @param extra More entries (markers) and the end time.
 * @returns The recording.
 */
export function recordingOf(
  timed: [number, RealmEvent][],
  extra: { markers?: RecordingEntry[]; end?: number } = {},
): Recording {
  const entries: RecordingEntry[] = timed.map(([t, event]) => ({ t, event }));
  entries.push(...(extra.markers ?? []));
  if (extra.end !== undefined) {
    entries.push({
      t: extra.end,
      marker: { kind: 'stop', reason: 'manual', events: 0, dropped: 0 },
    });
  }
  return createRecording({ id: 'test', name: 'test' }, entries);
}

/**
 * The event as replay emits it (source rewritten).
 *
 * @param event Recorded event.
 * @returns The replayed form.
 */
export function replayed(event: RealmEvent): RealmEvent {
  return { ...event, source: 'replay' } as RealmEvent;
}

/**
 * Creates an empty temporary directory.
 *
 * @returns Its path and a cleanup function.
 */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'realmstream-rec-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Ids that must never reach the file system. */
export const HOSTILE_IDS = [
  '',
  '..',
  '.',
  '../etc/passwd',
  '..%2F..%2Fetc',
  'a/b',
  'a\\b',
  '/etc/passwd',
  'C:\\Windows',
  'a\0b',
  'ok\0',
  '.hidden',
  'a..b',
  '-rf',
  'x'.repeat(129),
  'sp ace',
  'new\nline',
  'ünïcode',
];
