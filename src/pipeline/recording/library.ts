/**
 * @module Library operations over recording files, all streaming (one line in memory per
 * open file): list a directory, compute stats, slice by time, filter by type, merge by
 * time. Derived recordings are new files; sources are never modified.
 */
import { readdir, stat } from 'node:fs/promises';
import { VERSION } from '../../version.ts';
import {
  type DerivedFrom,
  isEventEntry,
  makeHeader,
  type RecordingEntry,
  type RecordingHeader,
  type RecordingSummary,
  type StopReason,
} from './format.ts';
import {
  GZIP_EXT,
  isRecordingId,
  newRecordingId,
  PLAIN_EXT,
  type RecordingPaths,
  resolveRecording,
  validateRecordingId,
} from './ids.ts';
import { openRecording, type ReadReport, type RecordingReader } from './reader.ts';
import { readSummary, SummaryCounter } from './summary.ts';
import { typeMatcher } from './typeFilter.ts';
import { writeRecording } from './writeFile.ts';

/** One recording in a listing. */
export interface RecordingListing {
  /** Recording id. */
  readonly id: string;
  /** Whether compressed. */
  readonly gzip: boolean;
  /** File size on disk. */
  readonly fileBytes: number;
  /** Last modification, ms since the Unix epoch. */
  readonly modified: number;
  /** The header, when readable. */
  readonly header?: RecordingHeader;
  /** The summary sidecar, when the recording was closed cleanly. */
  readonly summary?: RecordingSummary;
  /** True when a summary exists (closed cleanly); false while recording or after a crash. */
  readonly complete: boolean;
  /** Why the header could not be read. */
  readonly error?: string;
}

/** Most recordings {@link listRecordings} returns by default. */
export const DEFAULT_LIST_LIMIT = 500;

/**
 * Lists the recordings of a directory, newest id first. Reads only headers and summaries.
 * Files whose names are not valid ids, and symlinks that leave the directory, are skipped.
 *
 * @param dir Recordings directory (missing: empty list).
 * @param limit Most entries returned (default 500).
 * @returns The listing.
 */
export async function listRecordings(
  dir: string,
  limit = DEFAULT_LIST_LIMIT,
): Promise<RecordingListing[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
  const ids = new Set<string>();
  for (const name of names) {
    const id = name.endsWith(GZIP_EXT)
      ? name.slice(0, -GZIP_EXT.length)
      : name.endsWith(PLAIN_EXT)
      ? name.slice(0, -PLAIN_EXT.length)
      : undefined;
    if (id !== undefined && isRecordingId(id)) ids.add(id);
  }
  const sorted = [...ids].sort().reverse();
  const listings: RecordingListing[] = [];
  for (const id of sorted) {
    if (listings.length >= limit) break;
    let paths: RecordingPaths;
    try {
      paths = await resolveRecording(dir, id);
    } catch {
      continue;
    }
    const info = await stat(paths.file);
    const base = { id, gzip: paths.gzip, fileBytes: info.size, modified: info.mtimeMs };
    const summary = await readSummary(paths);
    try {
      const reader = await openRecording(paths.file, { gzip: paths.gzip });
      await reader.close();
      listings.push({ ...base, header: reader.header, summary, complete: summary !== undefined });
    } catch (error) {
      listings.push({ ...base, complete: false, error: (error as Error).message });
    }
  }
  return listings;
}

/** Stats of a recording computed by reading it. */
export interface RecordingStats {
  /** The header. */
  readonly header: RecordingHeader;
  /** Counts in summary form; `stopReason` comes from the last stop marker. */
  readonly summary: RecordingSummary;
  /** False when no stop marker was found (still recording, or crashed). */
  readonly stopped: boolean;
  /** What reading found: skipped lines, ignored tail. */
  readonly report: ReadReport;
}

/**
 * Reads a whole recording and counts it (events per type and realm, markers, drops,
 * duration, bytes), reporting bad lines and an ignored tail.
 *
 * @param path File path.
 * @returns The stats.
 */
export async function recordingStats(path: string): Promise<RecordingStats> {
  const reader = await openRecording(path);
  const counter = new SummaryCounter();
  let stopReason: StopReason | undefined;
  for await (const batch of reader.batches()) {
    for (const entry of batch) {
      counter.add(entry, 0);
      if (!isEventEntry(entry) && entry.marker.kind === 'stop') stopReason = entry.marker.reason;
    }
  }
  counter.bytes = reader.report.validBytes;
  return {
    header: reader.header,
    summary: counter.summarize(reader.header, stopReason ?? 'error', reader.gzip),
    stopped: stopReason !== undefined,
    report: reader.report,
  };
}

/** Where a derived recording goes. */
export interface DeriveTarget {
  /** Recordings directory. */
  dir: string;
  /** Id of the new recording (default: generated from the name). */
  id?: string;
  /** Name of the new recording (default: the source's, with the operation). */
  name?: string;
  /** Compress it (default false). */
  gzip?: boolean;
}

/** A time range and type filter. */
export interface SliceRange {
  /** Keep entries with `t >= from` (default 0). */
  from?: number;
  /** Keep entries with `t < to` (default: the end). */
  to?: number;
  /** Keep only these event types (`player.*`); markers are always kept. */
  types?: readonly string[];
}

function derivedHeader(
  source: RecordingHeader,
  target: DeriveTarget,
  fallbackName: string,
  startTime: number,
  derivedFrom: DerivedFrom,
): RecordingHeader {
  const name = target.name ?? fallbackName;
  return makeHeader({
    id: target.id === undefined ? newRecordingId(name, startTime) : validateRecordingId(target.id),
    name,
    startTime,
    description: source.description,
    tags: source.tags,
    redacted: source.redacted,
    derivedFrom,
    producer: `realmstream ${VERSION}`,
  });
}

const isBoundary = (entry: RecordingEntry) =>
  !isEventEntry(entry) && (entry.marker.kind === 'start' || entry.marker.kind === 'stop');

/**
 * Writes a new recording with the entries of `source` in `[from, to)`, times rebased so
 * the slice starts at `t = 0` (`startTime` moves by `from`), optionally keeping only some
 * event types. Start and stop markers of the source are replaced by the slice's own.
 *
 * @param source Path of the source recording.
 * @param range Time range and types.
 * @param target Directory, id, name.
 * @returns The new recording's summary.
 */
export async function sliceRecording(
  source: string,
  range: SliceRange,
  target: DeriveTarget,
): Promise<RecordingSummary> {
  const from = Math.max(0, range.from ?? 0);
  const to = range.to ?? Infinity;
  if (!(to > from)) throw new RangeError(`slice needs from < to (got ${from} and ${to})`);
  const matches = typeMatcher(range.types);
  const reader = await openRecording(source);
  const op = range.from === undefined && range.to === undefined ? 'filter' : 'slice';
  const header = derivedHeader(
    reader.header,
    target,
    `${reader.header.name} (${op})`,
    reader.header.startTime + from,
    {
      op,
      ids: [reader.header.id],
      ...(range.from === undefined ? {} : { from }),
      ...(range.to === undefined ? {} : { to }),
      ...(range.types === undefined ? {} : { types: [...range.types] }),
    },
  );
  async function* entries(): AsyncGenerator<RecordingEntry> {
    yield { t: 0, marker: { kind: 'start', reason: 'derived' } };
    // The slice lasts until `to`, or until the source's last line when that comes first.
    let end = 0;
    for await (const entry of reader.entries()) {
      if (entry.t >= to) {
        end = to - from;
        break;
      }
      if (entry.t < from) continue;
      end = entry.t - from;
      if (isBoundary(entry)) continue;
      if (isEventEntry(entry) && !matches(entry.event.type)) continue;
      yield isEventEntry(entry) ? { t: end, event: entry.event } : { t: end, marker: entry.marker };
    }
    await reader.close();
    yield { t: end, marker: { kind: 'stop', reason: 'source-complete', events: 0, dropped: 0 } };
  }
  return writeRecording(header, withStopCounts(entries()), {
    dir: target.dir,
    gzip: target.gzip,
  });
}

/**
 * Writes a new recording with only some event types of `source` (markers kept).
 *
 * @param source Path of the source recording.
 * @param types Type patterns to keep.
 * @param target Directory, id, name.
 * @returns The new recording's summary.
 */
export function filterRecording(
  source: string,
  types: readonly string[],
  target: DeriveTarget,
): Promise<RecordingSummary> {
  return sliceRecording(source, { types }, target);
}

/** Most recordings merged at once. */
export const MAX_MERGE_SOURCES = 16;

/**
 * Merges recordings by absolute time (`startTime + t`) into a new one that starts at the
 * earliest start. Streaming k-way merge: one pending entry per source in memory. On equal
 * times, earlier sources come first.
 *
 * @param sources Paths of 2-16 recordings.
 * @param target Directory, id, name.
 * @returns The new recording's summary.
 */
export async function mergeRecordings(
  sources: readonly string[],
  target: DeriveTarget,
): Promise<RecordingSummary> {
  if (sources.length < 2 || sources.length > MAX_MERGE_SOURCES) {
    throw new RangeError(`merge needs 2 to ${MAX_MERGE_SOURCES} recordings`);
  }
  const readers: RecordingReader[] = [];
  try {
    for (const path of sources) readers.push(await openRecording(path));
  } catch (error) {
    for (const reader of readers) await reader.close();
    throw error;
  }
  const start = Math.min(...readers.map((reader) => reader.header.startTime));
  const header = derivedHeader(
    readers[0].header,
    target,
    readers.map((reader) => reader.header.name).join(' + '),
    start,
    { op: 'merge', ids: readers.map((reader) => reader.header.id) },
  );
  async function* entries(): AsyncGenerator<RecordingEntry> {
    const iterators = readers.map((reader) => reader.entries());
    const heads: (RecordingEntry | undefined)[] = [];
    // The merge lasts until the latest last line of any source (stop markers included).
    let end = 0;
    const pull = async (i: number) => {
      for (;;) {
        const next = await iterators[i].next();
        if (next.done) return undefined;
        end = Math.max(end, readers[i].header.startTime + next.value.t - start);
        if (!isBoundary(next.value)) return next.value;
      }
    };
    for (let i = 0; i < iterators.length; i++) heads[i] = await pull(i);
    yield { t: 0, marker: { kind: 'start', reason: 'derived' } };
    let last = 0;
    for (;;) {
      let best = -1;
      let bestTime = Infinity;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i];
        if (!head) continue;
        const time = readers[i].header.startTime + head.t - start;
        if (time < bestTime) {
          best = i;
          bestTime = time;
        }
      }
      if (best === -1) break;
      const entry = heads[best] as RecordingEntry;
      last = Math.max(last, bestTime);
      yield isEventEntry(entry)
        ? { t: last, event: entry.event }
        : { t: last, marker: entry.marker };
      heads[best] = await pull(best);
    }
    yield {
      t: Math.max(last, end),
      marker: { kind: 'stop', reason: 'source-complete', events: 0, dropped: 0 },
    };
  }
  try {
    return await writeRecording(header, withStopCounts(entries()), {
      dir: target.dir,
      gzip: target.gzip,
    });
  } finally {
    for (const reader of readers) await reader.close();
  }
}

/** Fills the final stop marker's counts from the entries that went before it. */
async function* withStopCounts(
  entries: AsyncIterable<RecordingEntry>,
): AsyncGenerator<RecordingEntry> {
  let events = 0;
  let dropped = 0;
  for await (const entry of entries) {
    if (isEventEntry(entry)) events++;
    else if (entry.marker.kind === 'gap') dropped += entry.marker.dropped;
    else if (entry.marker.kind === 'stop') {
      yield { t: entry.t, marker: { ...entry.marker, events, dropped } };
      continue;
    }
    yield entry;
  }
}

/**
 * Resolves ids to paths inside `dir` (each id validated and contained).
 *
 * @param dir Recordings directory.
 * @param ids Ids from a user.
 * @returns The paths, in order.
 */
export async function resolveRecordings(
  dir: string,
  ids: readonly unknown[],
): Promise<RecordingPaths[]> {
  const out: RecordingPaths[] = [];
  for (const id of ids) out.push(await resolveRecording(dir, id));
  return out;
}
