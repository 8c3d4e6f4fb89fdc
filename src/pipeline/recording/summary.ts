/**
 * @module Recording summaries: counting entries as they are written or read, and the
 * `<id>.summary.json` sidecar (written atomically, read only from inside the directory).
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type RecordingEntry,
  type RecordingHeader,
  type RecordingSummary,
  type StopReason,
  SUMMARY_FORMAT,
} from './format.ts';
import { isInside, type RecordingPaths } from './ids.ts';
import { writeFileAtomic } from './fileSink.ts';

/** Most distinct keys kept per count table; the rest are counted under `(other)`. */
export const MAX_COUNT_KEYS = 1000;

/** Largest summary file read. */
const MAX_SUMMARY_BYTES = 1024 * 1024;

/** Running counts of one recording file. */
export class SummaryCounter {
  events = 0;
  markers = 0;
  dropped = 0;
  bytes = 0;
  lastT = 0;
  firstSeq: number | undefined;
  lastSeq: number | undefined;
  readonly types: Record<string, number> = {};
  readonly realms: Record<string, number> = {};

  /**
   * Counts one entry.
   *
   * @param entry The entry.
   * @param bytes Its line's length in bytes.
   */
  add(entry: RecordingEntry, bytes: number): void {
    this.bytes += bytes;
    if (entry.t > this.lastT) this.lastT = entry.t;
    if ('event' in entry) {
      this.addEvent(entry.event.type, entry.event.realm, entry.event.seq);
      return;
    }
    this.markers++;
    if (entry.marker.kind === 'gap') this.dropped += entry.marker.dropped;
  }

  /**
   * Counts one event without building an entry object.
   *
   * @param type Event type.
   * @param realm Realm id.
   * @param seq Hub sequence number.
   */
  addEvent(type: string, realm: string, seq: number): void {
    this.events++;
    bump(this.types, type);
    bump(this.realms, realm);
    if (this.firstSeq === undefined) this.firstSeq = seq;
    this.lastSeq = seq;
  }

  /**
   * Builds the summary.
   *
   * @param header The file's header.
   * @param stopReason Why it was closed.
   * @param gzip Whether it is compressed.
   * @param next Id of the next segment, when rotated.
   * @returns The summary object.
   */
  summarize(
    header: RecordingHeader,
    stopReason: StopReason,
    gzip: boolean,
    next?: string,
  ): RecordingSummary {
    const summary: Record<string, unknown> = {
      format: SUMMARY_FORMAT,
      version: 1,
      id: header.id,
      name: header.name,
      description: header.description,
      tags: header.tags ?? [],
      startTime: header.startTime,
      endTime: header.startTime + this.lastT,
      durationMs: this.lastT,
      events: this.events,
      markers: this.markers,
      dropped: this.dropped,
      bytes: this.bytes,
      types: this.types,
      realms: this.realms,
      firstSeq: this.firstSeq,
      lastSeq: this.lastSeq,
      stopReason,
      segment: header.segment,
      next,
      gzip,
    };
    for (const key of Object.keys(summary)) if (summary[key] === undefined) delete summary[key];
    return summary as unknown as RecordingSummary;
  }
}

function bump(table: Record<string, number>, key: string): void {
  if (Object.hasOwn(table, key)) table[key]++;
  else if (Object.keys(table).length < MAX_COUNT_KEYS) table[key] = 1;
  else table['(other)'] = (table['(other)'] ?? 0) + 1;
}

/**
 * Writes a summary sidecar atomically.
 *
 * @param path Sidecar path.
 * @param summary The summary.
 */
export function writeSummary(path: string, summary: RecordingSummary): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(summary, null, 2)}\n`);
}

/**
 * Reads a recording's summary sidecar, if it exists, is inside the recording's directory
 * (symlinks resolved) and is a summary.
 *
 * @param paths The recording's paths (from `resolveRecording`).
 * @returns The summary, or undefined (missing, unreadable, outside, or not a summary).
 */
export async function readSummary(paths: RecordingPaths): Promise<RecordingSummary | undefined> {
  try {
    const realDir = await realpath(dirname(paths.summary));
    const real = await realpath(paths.summary);
    if (!isInside(realDir, real)) return undefined;
    const info = await stat(real);
    if (!info.isFile() || info.size > MAX_SUMMARY_BYTES) return undefined;
    const text = await readFile(real, 'utf8');
    const value = JSON.parse(text) as Partial<RecordingSummary>;
    return value.format === SUMMARY_FORMAT && value.id === paths.id
      ? value as RecordingSummary
      : undefined;
  } catch {
    return undefined;
  }
}
