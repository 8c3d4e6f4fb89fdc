/**
 * @module The recording format, version 1 (`docs/recording-format.md`): the header line,
 * event and marker lines, the summary sidecar, and the functions that turn them into text
 * and back. Everything that reads or writes a recording goes through here.
 */
import type { RealmEvent } from '../events.ts';

/** Value of the header's `format` field. */
export const RECORDING_FORMAT = 'realmstream-recording';
/** The format version this code writes and the newest it reads. */
export const RECORDING_VERSION = 1;
/** Value of the summary sidecar's `format` field. */
export const SUMMARY_FORMAT = 'realmstream-recording-summary';
/** Longest line a reader accepts (bytes); longer lines are skipped and reported. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** How a recording was derived from others (slice, filter, merge). */
export interface DerivedFrom {
  /** The operation. */
  readonly op: 'slice' | 'filter' | 'merge';
  /** Source recording ids. */
  readonly ids: readonly string[];
  /** Start of the slice (ms since the source's start). */
  readonly from?: number;
  /** End of the slice (exclusive). */
  readonly to?: number;
  /** Type patterns kept. */
  readonly types?: readonly string[];
}

/** Line 1 of every recording. Readers ignore fields they do not know. */
export interface RecordingHeader {
  /** Always {@link RECORDING_FORMAT}. */
  readonly format: typeof RECORDING_FORMAT;
  /** Format version (1). */
  readonly version: number;
  /** The recording id (file name without extension). */
  readonly id: string;
  /** Human-readable name. */
  readonly name: string;
  /** Scheduler time at which `t = 0`, ms since the Unix epoch (0 in virtual time). */
  readonly startTime: number;
  /** Free text. */
  readonly description?: string;
  /** Labels for listing and search. */
  readonly tags?: readonly string[];
  /** The hub epoch the events came from, when recorded from a hub. */
  readonly epoch?: string;
  /** Dotted paths that were redacted before writing. */
  readonly redacted?: readonly string[];
  /** 1-based segment number when the recording rotates. */
  readonly segment?: number;
  /** Id of the first segment of a rotated series. */
  readonly series?: string;
  /** Id of the previous segment, when this is not the first. */
  readonly previous?: string;
  /** Set on recordings made by slice, filter or merge. */
  readonly derivedFrom?: DerivedFrom;
  /** What wrote it, e.g. `realmstream 0.1.0`. */
  readonly producer?: string;
}

/** Why a recording started (`derived`: made by slice, filter or merge). */
export type StartReason = 'manual' | 'auto' | 'api' | 'cli' | 'rotate' | 'derived';
/** Why a recording stopped. */
export type StopReason =
  | 'manual'
  | 'limit'
  | 'rotate'
  | 'source-complete'
  | 'source-error'
  | 'shutdown'
  | 'error';

/** A marker: something that happened to the recording or a point worth seeking to. */
export type RecordingMarker =
  | { readonly kind: 'start'; readonly reason: StartReason; readonly label?: string }
  | {
    readonly kind: 'stop';
    readonly reason: StopReason;
    /** Events written in this file. */
    readonly events: number;
    /** Events dropped (buffer overflow) in this file. */
    readonly dropped: number;
    /** Error text when `reason` is `source-error` or `error`. */
    readonly message?: string;
    readonly label?: string;
  }
  | {
    readonly kind: 'gap';
    readonly reason: 'overflow';
    /** Events that were not written. */
    readonly dropped: number;
    /** `t` at which dropping began. */
    readonly sinceT: number;
    readonly fromSeq?: number;
    readonly toSeq?: number;
    readonly label?: string;
  }
  | {
    readonly kind: 'restart';
    /** `realm`: a worldserver restarted; `gateway`: the hub epoch changed. */
    readonly scope: 'realm' | 'gateway';
    readonly realm?: string;
    /** The event that revealed it. */
    readonly eventId?: string;
    readonly label?: string;
  }
  | {
    readonly kind: 'command';
    readonly realm: string;
    readonly actor: string;
    readonly command: string;
    readonly allowed: boolean;
    readonly eventId?: string;
    readonly label?: string;
  }
  | { readonly kind: 'note'; readonly label: string };

/** Marker kinds. */
export type MarkerKind = RecordingMarker['kind'];

/** One event line: `{"t":1500,"event":{...}}`. */
export interface EventEntry {
  /** Ms since the header's `startTime`. */
  readonly t: number;
  /** The event as the hub published it (after redaction). */
  readonly event: RealmEvent;
}

/** One marker line: `{"t":1500,"marker":{"kind":"gap",...}}`. */
export interface MarkerEntry {
  /** Ms since the header's `startTime`. */
  readonly t: number;
  /** The marker. */
  readonly marker: RecordingMarker;
}

/** Any line after the header. */
export type RecordingEntry = EventEntry | MarkerEntry;

/**
 * Whether an entry is an event line.
 *
 * @param entry A parsed entry.
 * @returns True for {@link EventEntry}.
 */
export function isEventEntry(entry: RecordingEntry): entry is EventEntry {
  return 'event' in entry;
}

/** The summary sidecar `<id>.summary.json`, written atomically when a file is closed. */
export interface RecordingSummary {
  /** Always {@link SUMMARY_FORMAT}. */
  readonly format: typeof SUMMARY_FORMAT;
  /** Format version (1). */
  readonly version: number;
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** Same as the header. */
  readonly startTime: number;
  /** `startTime + durationMs`. */
  readonly endTime: number;
  /** `t` of the last line. */
  readonly durationMs: number;
  /** Event lines. */
  readonly events: number;
  /** Marker lines. */
  readonly markers: number;
  /** Events lost to buffer overflow (see gap markers). */
  readonly dropped: number;
  /** Uncompressed bytes of all lines, header included. */
  readonly bytes: number;
  /** Events per type. */
  readonly types: Readonly<Record<string, number>>;
  /** Events per realm. */
  readonly realms: Readonly<Record<string, number>>;
  readonly firstSeq?: number;
  readonly lastSeq?: number;
  /** Why the file was closed. */
  readonly stopReason: StopReason;
  /** Segment number, when rotated. */
  readonly segment?: number;
  /** Id of the next segment, when rotated. */
  readonly next?: string;
  /** Whether the file is gzip-compressed. */
  readonly gzip: boolean;
}

/** A file that is not a readable recording (bad header, unknown version). */
export class RecordingFormatError extends Error {
  /** Byte offset of the problem. */
  readonly offset: number;
  constructor(message: string, offset = 0, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RecordingFormatError';
    this.offset = offset;
  }
}

/**
 * Builds a header object with the fixed fields filled in.
 *
 * @param fields Id, name, start time and optional fields.
 * @returns The header.
 */
export function makeHeader(
  fields: Omit<RecordingHeader, 'format' | 'version'>,
): RecordingHeader {
  const header: Record<string, unknown> = { format: RECORDING_FORMAT, version: RECORDING_VERSION };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) header[key] = value;
  return header as unknown as RecordingHeader;
}

/**
 * Serialises the header line (with its newline).
 *
 * @param header The header.
 * @returns `JSON + "\n"`.
 */
export function headerLine(header: RecordingHeader): string {
  return `${JSON.stringify(header)}\n`;
}

/**
 * Serialises an event line from the event's JSON, without parsing it again.
 *
 * @param t Ms since start.
 * @param eventJson The event's JSON text.
 * @returns The line with its newline.
 */
export function eventLine(t: number, eventJson: string): string {
  return `{"t":${t},"event":${eventJson}}\n`;
}

/**
 * Serialises a marker line.
 *
 * @param t Ms since start.
 * @param marker The marker.
 * @returns The line with its newline.
 */
export function markerLine(t: number, marker: RecordingMarker): string {
  return `{"t":${t},"marker":${JSON.stringify(marker)}}\n`;
}

/**
 * Serialises any entry.
 *
 * @param entry Event or marker entry.
 * @returns The line with its newline.
 */
export function entryLine(entry: RecordingEntry): string {
  return isEventEntry(entry)
    ? eventLine(entry.t, JSON.stringify(entry.event))
    : markerLine(entry.t, entry.marker);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses and checks a header line.
 *
 * @param text The first line, without its newline.
 * @returns The header.
 * @throws RecordingFormatError when it is not a version-1 realmstream header.
 */
export function parseHeader(text: string): RecordingHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RecordingFormatError('not a realmstream recording: line 1 is not JSON');
  }
  if (!isObject(value) || value.format !== RECORDING_FORMAT) {
    throw new RecordingFormatError(
      `not a realmstream recording: line 1 has no "format":"${RECORDING_FORMAT}"`,
    );
  }
  if (typeof value.version !== 'number' || !Number.isInteger(value.version)) {
    throw new RecordingFormatError('recording header has no integer "version"');
  }
  if (value.version > RECORDING_VERSION) {
    throw new RecordingFormatError(
      `recording format version ${value.version} is newer than this reader (${RECORDING_VERSION})`,
    );
  }
  if (typeof value.id !== 'string' || typeof value.name !== 'string') {
    throw new RecordingFormatError('recording header needs string "id" and "name"');
  }
  if (typeof value.startTime !== 'number' || !Number.isFinite(value.startTime)) {
    throw new RecordingFormatError('recording header needs a numeric "startTime"');
  }
  return value as unknown as RecordingHeader;
}

const MARKER_KINDS = new Set(['start', 'stop', 'gap', 'restart', 'command', 'note']);

/**
 * Parses an entry line and checks its structure (not the event's `data` schema: see
 * `validateDraftEvent` for that). Returns undefined for anything that is not a valid
 * entry, so the caller can count and skip it.
 *
 * @param text One line without its newline.
 * @returns The entry, or undefined.
 */
export function parseEntry(text: string): RecordingEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const t = value.t;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) return undefined;
  if (isObject(value.event)) {
    const e = value.event;
    if (
      typeof e.type !== 'string' || typeof e.realm !== 'string' || typeof e.time !== 'number' ||
      typeof e.seq !== 'number' || typeof e.id !== 'string' || !isObject(e.data)
    ) {
      return undefined;
    }
    return value as unknown as EventEntry;
  }
  if (isObject(value.marker) && MARKER_KINDS.has(value.marker.kind as string)) {
    return value as unknown as MarkerEntry;
  }
  return undefined;
}
