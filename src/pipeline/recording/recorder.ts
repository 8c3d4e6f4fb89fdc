/**
 * @module The recorder sink: subscribes to a stream of stamped events (the hub's
 * `events$`) and appends them to a recording file through one batched writer. Time comes
 * from the injected scheduler only, so a recording made in virtual time has virtual `t`s.
 *
 * Memory is bounded: lines wait in a buffer of at most `maxBufferBytes` until the next
 * flush (every `flushMs`, or at once when `batchBytes` are waiting); when the disk is
 * slower than the stream, new events are dropped, counted, and a `gap` marker says so.
 */
import { mkdir, rm } from 'node:fs/promises';
import { asyncScheduler, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { RealmEvent } from '../events.ts';
import type { StampedEvent } from '../hub.ts';
import { utf8Length } from '../utf8.ts';
import { VERSION } from '../../version.ts';
import {
  eventLine,
  headerLine,
  makeHeader,
  markerLine,
  type RecordingHeader,
  type RecordingMarker,
  type RecordingSummary,
  type StartReason,
  type StopReason,
} from './format.ts';
import { type OpenFileSink, openSegmentFile, type SegmentFile } from './fileSink.ts';
import { newRecordingId, type RecordingPaths, recordingPaths, validateRecordingId } from './ids.ts';
import { compileRedactor, DEFAULT_REDACT } from './redact.ts';
import { SummaryCounter, writeSummary } from './summary.ts';

/** Defaults of {@link RecordOptions}. */
export const RECORD_DEFAULTS = {
  name: 'recording',
  flushMs: 1000,
  maxBufferBytes: 8 * 1024 * 1024,
  batchBytes: 256 * 1024,
} as const;

/** Options for {@link record}. */
export interface RecordOptions {
  /** Directory of the recordings (created if missing). */
  dir: string;
  /** Human-readable name (default `recording`); also the slug of a generated id. */
  name?: string;
  /** Explicit id (validated); default: start time, name slug, random suffix. */
  id?: string;
  /** Free text stored in the header. */
  description?: string;
  /** Labels stored in the header. */
  tags?: readonly string[];
  /** Most events per file; then the recording stops, or rotates with `rotate`. */
  maxEvents?: number;
  /** Most uncompressed bytes per file; then it stops, or rotates with `rotate`. */
  maxBytes?: number;
  /** Continue in a new file (`<id>-002`, ...) when a limit is reached (default false). */
  rotate?: boolean;
  /** With `rotate`: delete the oldest files of this recording beyond this many. */
  keepSegments?: number;
  /** Write `.jsonl.gz` (default false). */
  gzip?: boolean;
  /** Dotted paths removed before writing (default `['data.ip']`; `[]` keeps everything). */
  redact?: readonly string[];
  /** Flush interval in ms (default 1000). */
  flushMs?: number;
  /** Time source (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** Largest buffer of unwritten lines (default 8 MiB); beyond it events are dropped. */
  maxBufferBytes?: number;
  /** Write at once when this many bytes wait (default 256 KiB). */
  batchBytes?: number;
  /** Recorded in the start marker (default `manual`). */
  reason?: StartReason;
  /** Hub epoch, stored in the header. */
  epoch?: string;
  /** File opener (tests pass a slow or failing one). */
  openFile?: OpenFileSink;
  /** Called when writing fails (the recording then stops). */
  onError?: (error: unknown) => void;
}

/** Recorder state. */
export type RecorderState = 'recording' | 'stopping' | 'stopped' | 'failed';

/** Live counters of a recorder. */
export interface RecorderStats {
  /** Id of the recording (its first file). */
  readonly id: string;
  /** Id of the file being written now. */
  readonly currentId: string;
  /** Its 1-based number. */
  readonly segment: number;
  /** Current state. */
  readonly state: RecorderState;
  /** Scheduler time of the start. */
  readonly startTime: number;
  /** Events accepted (written or waiting). */
  readonly events: number;
  /** Events dropped because the buffer was full. */
  readonly dropped: number;
  /** Bytes waiting to be written. */
  readonly bufferedBytes: number;
  /** Uncompressed bytes written. */
  readonly writtenBytes: number;
  /** Flushes (write calls) done. */
  readonly flushes: number;
}

/** What a finished recording produced. */
export interface RecordingResult {
  /** Id of the first file. */
  readonly id: string;
  /** One summary per file written and still kept, in order. */
  readonly files: readonly RecordingSummary[];
  /** Ids of older files deleted by `keepSegments`. */
  readonly deleted: readonly string[];
  /** Why it stopped. */
  readonly reason: StopReason;
}

/** A running recording. */
export interface Recorder {
  /** Id of the recording (its first file). */
  readonly id: string;
  /** Resolves when the first file exists with its header; rejects if it cannot be created. */
  readonly ready: Promise<void>;
  /** Resolves when the recording is stopped and finalised; rejects when writing failed. */
  readonly done: Promise<RecordingResult>;
  /** Current counters. */
  stats(): RecorderStats;
  /** Adds a `note` marker at the current time (a bookmark to seek to). */
  mark(label: string): void;
  /** Stops, flushes, writes the summary; resolves like `done`. */
  stop(reason?: StopReason): Promise<RecordingResult>;
}

interface Segment {
  readonly number: number;
  readonly paths: RecordingPaths;
  readonly header: RecordingHeader;
  readonly counter: SummaryCounter;
  pending: string[];
  pendingBytes: number;
  file?: SegmentFile;
  sealed?: { reason: StopReason; next?: string };
}

interface DropState {
  dropped: number;
  sinceT: number;
  fromSeq?: number;
  toSeq?: number;
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(e: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody has to await these: never report them as unhandled.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * Records a stream of events to a file.
 *
 * It's like piping the hub into `appendFile`, but batched through one open file, bounded
 * in memory, crash-safe line by line, and timed by the scheduler.
 *
 * ```text
 * events:  --a--b--------c--|
 * file:    header, start, a (t=2), b (t=5), c (t=14), stop       (+ <id>.summary.json)
 * ```
 *
 * ## Example
 * ```ts
 * const recorder = record(hub.events$, { dir: 'recordings', name: 'raid night' });
 * await recorder.ready;
 * // ... later
 * const { files } = await recorder.stop();
 * ```
 *
 * @param stream Stamped events (`hub.events$`) or plain realm events.
 * @param options Where, how and how much to record.
 * @returns The running recorder.
 */
export function record(
  stream: Observable<StampedEvent | RealmEvent>,
  options: RecordOptions,
): Recorder {
  const scheduler = options.scheduler ?? asyncScheduler;
  const flushMs = options.flushMs ?? RECORD_DEFAULTS.flushMs;
  const maxBufferBytes = options.maxBufferBytes ?? RECORD_DEFAULTS.maxBufferBytes;
  const batchBytes = options.batchBytes ?? RECORD_DEFAULTS.batchBytes;
  const gzip = options.gzip ?? false;
  const redactPaths = options.redact ?? DEFAULT_REDACT;
  const redact = compileRedactor(redactPaths);
  const name = options.name ?? RECORD_DEFAULTS.name;
  const startTime = scheduler.now();
  const baseId = options.id === undefined
    ? newRecordingId(name, startTime)
    : validateRecordingId(options.id);
  const ready = deferred<void>();
  const done = deferred<RecordingResult>();
  const finished: RecordingSummary[] = [];
  const deleted: string[] = [];
  const segments: Segment[] = [];
  let current = openSegment(1, undefined);
  let state: RecorderState = 'recording';
  let stopReason: StopReason = 'manual';
  let accepted = 0;
  let droppedTotal = 0;
  let drop: DropState | undefined;
  let inflightBytes = 0;
  let writtenBytes = 0;
  let flushes = 0;
  let flushTimer: Subscription | undefined;
  let writing = false;
  let again = false;
  let lastEpoch: string | undefined;
  let dirReady = false;
  let subscription: Subscription | undefined;

  function now(): number {
    return Math.max(0, scheduler.now() - startTime);
  }

  function segmentId(number: number): string {
    return number === 1 ? baseId : validateRecordingId(
      `${baseId.slice(0, 120)}-${String(number).padStart(3, '0')}`,
    );
  }

  function openSegment(number: number, previous: string | undefined): Segment {
    const id = segmentId(number);
    const header = makeHeader({
      id,
      name,
      startTime,
      description: options.description,
      tags: options.tags ? [...options.tags] : undefined,
      epoch: options.epoch,
      redacted: redactPaths.length ? [...redactPaths] : undefined,
      segment: options.rotate ? number : undefined,
      series: options.rotate ? baseId : undefined,
      previous,
      producer: `realmstream ${VERSION}`,
    });
    const segment: Segment = {
      number,
      paths: recordingPaths(options.dir, id, gzip),
      header,
      counter: new SummaryCounter(),
      pending: [],
      pendingBytes: 0,
    };
    segments.push(segment);
    const line = headerLine(header);
    push(segment, line, utf8Length(line));
    return segment;
  }

  function push(segment: Segment, line: string, bytes: number): void {
    segment.pending.push(line);
    segment.pendingBytes += bytes;
    segment.counter.bytes += bytes;
  }

  function pushMarker(segment: Segment, marker: RecordingMarker, t = now()): void {
    const line = markerLine(t, marker);
    const bytes = utf8Length(line);
    segment.counter.add({ t, marker }, 0);
    push(segment, line, bytes);
    requestFlush();
  }

  function bufferedBytes(): number {
    let total = inflightBytes;
    for (const segment of segments) total += segment.pendingBytes;
    return total;
  }

  function requestFlush(): void {
    if (current.pendingBytes >= batchBytes) {
      kick();
      return;
    }
    if (!flushTimer && !writing) {
      flushTimer = scheduler.schedule(() => {
        flushTimer = undefined;
        kick();
      }, flushMs);
    }
  }

  function flushGap(): void {
    if (!drop) return;
    const marker: RecordingMarker = {
      kind: 'gap',
      reason: 'overflow',
      dropped: drop.dropped,
      sinceT: drop.sinceT,
      ...(drop.fromSeq === undefined ? {} : { fromSeq: drop.fromSeq, toSeq: drop.toSeq }),
    };
    drop = undefined;
    pushMarker(current, marker);
  }

  function seal(segment: Segment, reason: StopReason, next?: string): void {
    pushMarker(segment, {
      kind: 'stop',
      reason,
      events: segment.counter.events,
      dropped: segment.counter.dropped,
    });
    segment.sealed = { reason, next };
  }

  function onEvent(item: StampedEvent | RealmEvent): void {
    if (state !== 'recording') return;
    const stamped = 'json' in item && 'event' in item ? item : undefined;
    const event = stamped ? stamped.event : item as RealmEvent;
    const t = now();
    const { json, changed } = redact(event, stamped ? stamped.json : JSON.stringify(event));
    const line = eventLine(t, json);
    const bytes = utf8Length(line);
    const limited = (options.maxEvents !== undefined &&
      current.counter.events >= options.maxEvents) ||
      (options.maxBytes !== undefined && current.counter.events > 0 &&
        current.counter.bytes + bytes > options.maxBytes);
    if (limited) {
      if (!options.rotate) {
        void stop('limit');
        return;
      }
      flushGap();
      const previous = current;
      const next = segmentId(previous.number + 1);
      seal(previous, 'rotate', next);
      current = openSegment(previous.number + 1, previous.paths.id);
      pushMarker(current, { kind: 'start', reason: 'rotate' });
    }
    if (bufferedBytes() + bytes > maxBufferBytes) {
      droppedTotal++;
      drop ??= { dropped: 0, sinceT: t };
      drop.dropped++;
      drop.fromSeq ??= event.seq;
      drop.toSeq = event.seq;
      return;
    }
    flushGap();
    const source = changed ? JSON.parse(json) as RealmEvent : event;
    for (const marker of markersFor(source)) pushMarker(current, marker, t);
    accepted++;
    current.counter.addEvent(event.type, event.realm, event.seq);
    if (t > current.counter.lastT) current.counter.lastT = t;
    push(current, line, bytes);
    requestFlush();
  }

  function markersFor(event: RealmEvent): RecordingMarker[] {
    const markers: RecordingMarker[] = [];
    const colon = event.id.indexOf(':');
    const epoch = colon > 0 ? event.id.slice(0, colon) : undefined;
    if (epoch !== undefined) {
      if (lastEpoch !== undefined && epoch !== lastEpoch) {
        markers.push({ kind: 'restart', scope: 'gateway', eventId: event.id });
      }
      lastEpoch = epoch;
    }
    if (event.type === 'server.restart' || event.type === 'server.started') {
      markers.push({ kind: 'restart', scope: 'realm', realm: event.realm, eventId: event.id });
    }
    if (event.type === 'debug.command') {
      markers.push({
        kind: 'command',
        realm: event.realm,
        actor: event.data.actor,
        command: event.data.command,
        allowed: event.data.allowed,
        eventId: event.id,
      });
    }
    return markers;
  }

  function kick(): void {
    if (writing) {
      again = true;
      return;
    }
    flushTimer?.unsubscribe();
    flushTimer = undefined;
    writing = true;
    again = false;
    drain().then(
      () => {
        writing = false;
        const waiting = segments.some((s) => s.pending.length > 0 || s.sealed);
        if (waiting && (again || state === 'stopping')) kick();
        else if (waiting && state === 'recording') requestFlush();
      },
      (error: unknown) => {
        writing = false;
        fail(error);
      },
    );
  }

  async function drain(): Promise<void> {
    if (!dirReady) {
      await mkdir(options.dir, { recursive: true });
      dirReady = true;
    }
    while (segments.length > 0) {
      const segment = segments[0];
      if (!segment.file) {
        segment.file = await openSegmentFile(segment.paths.file, gzip, options.openFile);
        if (segment.number === 1) ready.resolve();
      }
      if (segment.pending.length > 0) {
        const text = segment.pending.length === 1 ? segment.pending[0] : segment.pending.join('');
        inflightBytes = segment.pendingBytes;
        segment.pending = [];
        segment.pendingBytes = 0;
        await segment.file.write(text);
        writtenBytes += inflightBytes;
        inflightBytes = 0;
        flushes++;
        continue;
      }
      if (!segment.sealed) return;
      await segment.file.close();
      const summary = segment.counter.summarize(
        segment.header,
        segment.sealed.reason,
        gzip,
        segment.sealed.next,
      );
      await writeSummary(segment.paths.summary, summary);
      finished.push(summary);
      segments.shift();
      await pruneSegments();
    }
    if (state === 'stopping') {
      state = 'stopped';
      done.resolve({ id: baseId, files: [...finished], deleted: [...deleted], reason: stopReason });
    }
  }

  async function pruneSegments(): Promise<void> {
    const keep = options.keepSegments;
    if (!options.rotate || keep === undefined || keep < 1) return;
    while (finished.length > 0 && finished.length + segments.length > keep) {
      const oldest = finished.shift() as RecordingSummary;
      const paths = recordingPaths(options.dir, oldest.id, gzip);
      await rm(paths.file, { force: true });
      await rm(paths.summary, { force: true });
      deleted.push(oldest.id);
    }
  }

  function fail(error: unknown): void {
    if (state === 'failed' || state === 'stopped') return;
    state = 'failed';
    subscription?.unsubscribe();
    subscription = undefined;
    flushTimer?.unsubscribe();
    for (const segment of segments) void segment.file?.close().catch(() => {});
    segments.length = 0;
    options.onError?.(error);
    ready.reject(error);
    done.reject(error);
  }

  function stop(reason: StopReason = 'manual', message?: string): Promise<RecordingResult> {
    if (state !== 'recording') return done.promise;
    state = 'stopping';
    stopReason = reason;
    subscription?.unsubscribe();
    subscription = undefined;
    flushGap();
    pushMarker(current, {
      kind: 'stop',
      reason,
      events: current.counter.events,
      dropped: current.counter.dropped,
      ...(message === undefined ? {} : { message }),
    });
    current.sealed = { reason };
    kick();
    return done.promise;
  }

  pushMarker(current, { kind: 'start', reason: options.reason ?? 'manual' }, 0);
  subscription = stream.subscribe({
    next: onEvent,
    error: (error: unknown) =>
      void stop('source-error', (error as Error)?.message ?? String(error)),
    complete: () => void stop('source-complete'),
  });
  // The source may have completed during subscribe, before `subscription` was assigned.
  if (state !== 'recording') {
    subscription.unsubscribe();
    subscription = undefined;
  }
  // Create the file and its header now, so even a crash right after start leaves a recording.
  kick();

  return {
    id: baseId,
    ready: ready.promise,
    done: done.promise,
    stats: () => ({
      id: baseId,
      currentId: current.paths.id,
      segment: current.number,
      state,
      startTime,
      events: accepted,
      dropped: droppedTotal,
      bufferedBytes: bufferedBytes(),
      writtenBytes,
      flushes,
    }),
    mark(label: string) {
      if (state !== 'recording') return;
      flushGap();
      pushMarker(current, { kind: 'note', label: String(label).slice(0, 200) });
    },
    stop: (reason?: StopReason) => stop(reason ?? 'manual'),
  };
}
