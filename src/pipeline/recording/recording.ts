/**
 * @module A recording in memory, ready to replay or play: the header, the events sorted by
 * `t`, the markers, and the duration. Loaded from a file (bounded by `maxEvents`), built
 * from entries, or parsed from text in tests.
 */
import {
  type EventEntry,
  isEventEntry,
  makeHeader,
  type MarkerEntry,
  parseEntry,
  parseHeader,
  type RecordingEntry,
  type RecordingHeader,
} from './format.ts';
import { resolveRecording } from './ids.ts';
import { openRecording, type OpenRecordingOptions, type ReadReport } from './reader.ts';

/** Most events {@link loadRecording} holds in memory by default. */
export const DEFAULT_MAX_LOAD_EVENTS = 1_000_000;

/** A recording held in memory. */
export interface Recording {
  /** Line 1. */
  readonly header: RecordingHeader;
  /** Event entries, `t` non-decreasing. */
  readonly events: readonly EventEntry[];
  /** Marker entries, `t` non-decreasing. */
  readonly markers: readonly MarkerEntry[];
  /** `t` of the last entry (event or marker). */
  readonly durationMs: number;
  /** What reading the file found (absent for recordings built in memory). */
  readonly report?: ReadReport;
}

/** A recording that does not fit the memory bound. */
export class RecordingTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingTooLargeError';
  }
}

/**
 * Builds a recording from entries (in any order; sorted stably by `t`).
 *
 * @param header Header fields (`format`/`version` are filled in; `id`, `name`, `startTime`
 *   default to `memory`, `memory`, 0).
 * @param entries Event and marker entries.
 * @returns The recording.
 */
export function createRecording(
  header: Partial<Omit<RecordingHeader, 'format' | 'version'>>,
  entries: Iterable<RecordingEntry>,
): Recording {
  const events: EventEntry[] = [];
  const markers: MarkerEntry[] = [];
  for (const entry of entries) (isEventEntry(entry) ? events : markers).push(entry as never);
  const byT = (a: { t: number }, b: { t: number }) => a.t - b.t;
  events.sort(byT);
  markers.sort(byT);
  const last = Math.max(events.at(-1)?.t ?? 0, markers.at(-1)?.t ?? 0);
  return {
    header: makeHeader({ id: 'memory', name: 'memory', startTime: 0, ...header }),
    events,
    markers,
    durationMs: last,
  };
}

/** Options for {@link loadRecording}. */
export interface LoadRecordingOptions extends OpenRecordingOptions {
  /** Refuse recordings with more events than this (default 1 000 000). */
  maxEvents?: number;
}

/**
 * Loads a recording file into memory. Events are validated against the catalog by
 * default (`validate: 'full'`); invalid lines are skipped and counted in `report`. A `t`
 * smaller than the previous line's is raised to it, so the result is always ordered.
 *
 * ## Example
 * ```ts
 * const rec = await loadRecording('recordings/sample-tc.jsonl');
 * replay(rec, { speed: 4 }).subscribe(console.log);
 * ```
 *
 * @param path File path.
 * @param options Limits and validation.
 * @returns The recording.
 * @throws RecordingFormatError for a bad header, RecordingTooLargeError beyond `maxEvents`.
 */
export async function loadRecording(
  path: string,
  options: LoadRecordingOptions = {},
): Promise<Recording> {
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_LOAD_EVENTS;
  const reader = await openRecording(path, { validate: 'full', ...options });
  const events: EventEntry[] = [];
  const markers: MarkerEntry[] = [];
  let lastT = 0;
  for await (const batch of reader.batches()) {
    for (const entry of batch) {
      const t = entry.t < lastT ? lastT : entry.t;
      lastT = t;
      if (isEventEntry(entry)) {
        if (events.length >= maxEvents) {
          await reader.close();
          throw new RecordingTooLargeError(
            `${path} has more than ${maxEvents} events: slice it first (realmstream recordings slice)`,
          );
        }
        events.push(t === entry.t ? entry : { t, event: entry.event });
      } else {
        markers.push(t === entry.t ? entry : { t, marker: entry.marker });
      }
    }
  }
  return { header: reader.header, events, markers, durationMs: lastT, report: reader.report };
}

/**
 * Loads a recording by id from a directory (id validated, path kept inside `dir`).
 *
 * @param dir Recordings directory.
 * @param id Recording id.
 * @param options Limits and validation.
 * @returns The recording.
 */
export async function loadRecordingById(
  dir: string,
  id: unknown,
  options: LoadRecordingOptions = {},
): Promise<Recording> {
  const paths = await resolveRecording(dir, id);
  return loadRecording(paths.file, { gzip: paths.gzip, ...options });
}

/**
 * Parses a recording from JSONL text (tests, fixtures in code). Bad lines are skipped.
 *
 * @param text The file's content.
 * @returns The recording.
 * @throws RecordingFormatError when line 1 is not a header.
 */
export function parseRecordingText(text: string): Recording {
  const lines = text.split('\n');
  const header = parseHeader(lines[0]);
  const entries: RecordingEntry[] = [];
  for (const line of lines.slice(1)) {
    const entry = line ? parseEntry(line) : undefined;
    if (entry) entries.push(entry);
  }
  const recording = createRecording(header, entries);
  return { ...recording, header };
}

/**
 * Index of the first entry whose `t` is at least `t` (binary search; entries sorted).
 *
 * @param entries Entries sorted by `t`.
 * @param t Time in ms since the recording's start.
 * @returns An index in `[0, entries.length]`.
 */
export function indexAtOrAfter(entries: readonly { t: number }[], t: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (entries[mid].t < t) low = mid + 1;
    else high = mid;
  }
  return low;
}
