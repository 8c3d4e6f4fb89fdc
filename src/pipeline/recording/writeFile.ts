/**
 * @module Writing a whole recording from entries in one go (derived recordings, scripts,
 * fixtures): same format, batching, summary sidecar and exclusive creation as the
 * recorder, without a live stream.
 */
import { mkdir, rm } from 'node:fs/promises';
import { utf8Length } from '../utf8.ts';
import {
  entryLine,
  headerLine,
  type RecordingEntry,
  type RecordingHeader,
  type RecordingSummary,
  type StopReason,
} from './format.ts';
import { openSegmentFile } from './fileSink.ts';
import { recordingPaths } from './ids.ts';
import { SummaryCounter, writeSummary } from './summary.ts';

/** Where and how to write a recording. */
export interface WriteRecordingOptions {
  /** Recordings directory (created if missing). */
  dir: string;
  /** Write `.jsonl.gz` (default false). */
  gzip?: boolean;
  /** Bytes per write (default 256 KiB). */
  batchBytes?: number;
  /** Stop reason for the summary (default: the last stop marker's, else `source-complete`). */
  stopReason?: StopReason;
}

/**
 * Writes a recording file (`<dir>/<header.id>.jsonl[.gz]`) and its summary. The file must
 * not exist; on failure the partial file is removed.
 *
 * ## Example
 * ```ts
 * await writeRecording(makeHeader({ id: 'fixture', name: 'fixture', startTime: 0 }), entries, {
 *   dir: 'recordings',
 * });
 * ```
 *
 * @param header The header (its `id` names the file).
 * @param entries Entries in order (`t` non-decreasing), sync or async.
 * @param options Directory, compression.
 * @returns The summary that was written.
 */
export async function writeRecording(
  header: RecordingHeader,
  entries: Iterable<RecordingEntry> | AsyncIterable<RecordingEntry>,
  options: WriteRecordingOptions,
): Promise<RecordingSummary> {
  const gzip = options.gzip ?? false;
  const batchBytes = options.batchBytes ?? 256 * 1024;
  const paths = recordingPaths(options.dir, header.id, gzip);
  await mkdir(options.dir, { recursive: true });
  const file = await openSegmentFile(paths.file, gzip);
  const counter = new SummaryCounter();
  let stopReason = options.stopReason;
  let batch: string[] = [];
  let batchSize = 0;
  const add = async (line: string) => {
    const bytes = utf8Length(line);
    batch.push(line);
    batchSize += bytes;
    counter.bytes += bytes;
    if (batchSize >= batchBytes) {
      const text = batch.join('');
      batch = [];
      batchSize = 0;
      await file.write(text);
    }
  };
  try {
    await add(headerLine(header));
    for await (const entry of entries) {
      const line = entryLine(entry);
      counter.add(entry, 0);
      if (!options.stopReason && 'marker' in entry && entry.marker.kind === 'stop') {
        stopReason = entry.marker.reason;
      }
      await add(line);
    }
    if (batch.length > 0) await file.write(batch.join(''));
    await file.close();
  } catch (error) {
    await file.close().catch(() => {});
    await rm(paths.file, { force: true });
    throw error;
  }
  const summary = counter.summarize(header, stopReason ?? 'source-complete', gzip);
  await writeSummary(paths.summary, summary);
  return summary;
}
