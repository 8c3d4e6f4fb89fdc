/**
 * @module Reading a recording: the header first, then entries one by one with bounded
 * memory. Bad lines never throw: lines between good ones are skipped and counted, and
 * whatever follows the last good line (a write torn by `kill -9`, garbage) is ignored and
 * reported with its byte offset.
 */
import { validateDraftEvent } from '../events.ts';
import {
  parseEntry,
  parseHeader,
  type RecordingEntry,
  RecordingFormatError,
  type RecordingHeader,
} from './format.ts';
import { GZIP_EXT } from './ids.ts';
import { type LineItem, readLineBatches } from './lineReader.ts';

/** One skipped line. */
export interface SkippedLine {
  /** Byte offset of the line (uncompressed). */
  readonly offset: number;
  /** Why it was skipped. */
  readonly reason: string;
}

/** The ignored end of a file. */
export interface IgnoredTail {
  /** Lines (or fragments) ignored. */
  readonly count: number;
  /** Byte offset where the ignored part begins (uncompressed): the end of the last good line. */
  readonly offset: number;
  /** Uncompressed bytes ignored (compressed bytes of a torn gzip member are in `fileBytes`). */
  readonly bytes: number;
  /** For `.jsonl.gz`: compressed bytes ignored. */
  readonly fileBytes?: number;
  /** What the first ignored item was. */
  readonly reason: string;
}

/** What reading found, besides the entries. */
export interface ReadReport {
  /** Good entries read (header excluded). */
  entries: number;
  /** Of which events. */
  events: number;
  /** Of which markers. */
  markers: number;
  /** Bad lines followed by good ones: skipped, reading went on. */
  skipped: number;
  /** The first few skipped lines. */
  skippedSamples: SkippedLine[];
  /** The ignored tail, if any. */
  tail?: IgnoredTail;
  /** Offset just after the last good line (uncompressed). */
  validBytes: number;
}

/** Options for {@link openRecording}. */
export interface OpenRecordingOptions {
  /** Whether the file is gzip; default from the `.jsonl.gz` extension. */
  gzip?: boolean;
  /** Longest line accepted (default 1 MiB). */
  maxLineBytes?: number;
  /**
   * `structure` (default) checks each line's shape; `full` also validates every event
   * against the catalog (`validateDraftEvent`), for files from elsewhere.
   */
  validate?: 'structure' | 'full';
}

/** An open recording: its header, a single pass over its entries, and the report. */
export interface RecordingReader {
  /** File path. */
  readonly path: string;
  /** Whether the file is gzip. */
  readonly gzip: boolean;
  /** Line 1. */
  readonly header: RecordingHeader;
  /** Entries in file order (one pass; the file closes at the end or on `return`). */
  entries(): AsyncGenerator<RecordingEntry>;
  /** The same pass in batches (one per chunk read): faster for bulk readers. */
  batches(): AsyncGenerator<RecordingEntry[]>;
  /** Counts so far; complete once `entries()` has finished. */
  readonly report: ReadReport;
  /** Closes the file without reading further. */
  close(): Promise<void>;
}

const MAX_SAMPLES = 10;

interface Pending {
  count: number;
  bytes: number;
  fileBytes?: number;
  reason: string;
  samples: SkippedLine[];
}

function describe(item: LineItem): string {
  switch (item.kind) {
    case 'line':
      return item.text === undefined ? 'not valid UTF-8' : 'not a valid entry';
    case 'oversize':
      return 'line too long';
    case 'partial':
      return 'incomplete last line (torn write)';
    case 'torn':
      return item.reason;
  }
}

/**
 * Opens a recording and reads its header.
 *
 * ## Example
 * ```ts
 * const reader = await openRecording('recordings/raid.jsonl');
 * for await (const entry of reader.entries()) if ('event' in entry) use(entry.event);
 * if (reader.report.tail) log(`ignored ${reader.report.tail.bytes} bytes at ${reader.report.tail.offset}`);
 * ```
 *
 * @param path File path.
 * @param options Compression, limits, validation level.
 * @returns The reader.
 * @throws RecordingFormatError when line 1 is not a version-1 header.
 */
export async function openRecording(
  path: string,
  options: OpenRecordingOptions = {},
): Promise<RecordingReader> {
  const gzip = options.gzip ?? path.endsWith(GZIP_EXT);
  const lines = readLineBatches(path, { gzip, maxLineBytes: options.maxLineBytes });
  const full = options.validate === 'full';
  let header: RecordingHeader;
  let headerBytes = 0;
  // What the first batch held after the header.
  let rest: LineItem[] = [];
  try {
    const first = await lines.next();
    if (first.done) throw new RecordingFormatError('empty file: not a realmstream recording');
    const item = first.value[0];
    rest = first.value.slice(1);
    if (item.kind !== 'line' || item.text === undefined) {
      throw new RecordingFormatError(`not a realmstream recording: line 1 is ${describe(item)}`);
    }
    header = parseHeader(item.text);
    headerBytes = item.bytes;
  } catch (error) {
    await lines.return(undefined);
    if (error instanceof RecordingFormatError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EISDIR') throw error;
    throw new RecordingFormatError(`cannot read ${path}: ${(error as Error).message}`, 0, {
      cause: error,
    });
  }
  const report: ReadReport = {
    entries: 0,
    events: 0,
    markers: 0,
    skipped: 0,
    skippedSamples: [],
    validBytes: headerBytes,
  };
  let started = false;

  async function* all(): AsyncGenerator<LineItem[]> {
    if (rest.length > 0) yield rest;
    yield* lines;
  }

  async function* batches(): AsyncGenerator<RecordingEntry[]> {
    if (started) throw new Error('a recording can only be read once per openRecording()');
    started = true;
    // Bad items since the last good line: skipped if a good line follows, else the tail.
    const pending: Pending = { count: 0, bytes: 0, reason: '', samples: [] };
    try {
      for await (const items of all()) {
        const out: RecordingEntry[] = [];
        for (const item of items) {
          let entry: RecordingEntry | undefined;
          if (item.kind === 'line' && item.text !== undefined) {
            entry = parseEntry(item.text);
            if (entry && full && 'event' in entry) {
              const { event } = entry;
              const valid = validateDraftEvent(event);
              if (!valid.ok || typeof event.id !== 'string' || !Number.isInteger(event.seq)) {
                entry = undefined;
              }
            }
          }
          if (!entry) {
            if (pending.count === 0) pending.reason = describe(item);
            pending.count++;
            if (item.kind === 'torn') pending.fileBytes = item.fileBytes;
            else pending.bytes += item.bytes;
            if (pending.samples.length < MAX_SAMPLES) {
              pending.samples.push({ offset: item.offset, reason: describe(item) });
            }
            continue;
          }
          if (pending.count > 0) {
            report.skipped += pending.count;
            for (const sample of pending.samples) {
              if (report.skippedSamples.length < MAX_SAMPLES) report.skippedSamples.push(sample);
            }
            Object.assign(pending, { count: 0, bytes: 0, samples: [], fileBytes: undefined });
          }
          report.entries++;
          if ('event' in entry) report.events++;
          else report.markers++;
          report.validBytes = item.offset + (item.kind === 'line' ? item.bytes : 0);
          out.push(entry);
        }
        if (out.length > 0) yield out;
      }
      if (pending.count > 0) {
        report.tail = {
          count: pending.count,
          offset: report.validBytes,
          bytes: pending.bytes,
          fileBytes: pending.fileBytes,
          reason: pending.reason,
        };
      }
    } finally {
      await lines.return(undefined);
    }
  }

  async function* entries(): AsyncGenerator<RecordingEntry> {
    for await (const batch of batches()) yield* batch;
  }

  return {
    path,
    gzip,
    header,
    entries,
    batches,
    report,
    close: async () => {
      await lines.return(undefined);
    },
  };
}

/**
 * Reads only the header of a recording.
 *
 * @param path File path.
 * @param gzip Whether compressed (default from the extension).
 * @returns The header.
 */
export async function readHeader(path: string, gzip?: boolean): Promise<RecordingHeader> {
  const reader = await openRecording(path, { gzip });
  await reader.close();
  return reader.header;
}
