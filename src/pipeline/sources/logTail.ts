/**
 * @module The log tail source: follows a worldserver log file by polling (no `fs.watch`,
 * which differs between platforms and runtimes) through `node:fs/promises`, so it runs on
 * Node and Deno. It survives appends, truncation (Server.log is reopened with mode `w` at
 * every start), rotation (the file replaced by a new one), a missing file, and lines
 * written in pieces.
 */
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs';

/** Something the tail noticed about the file (for logs and the status board). */
export interface LogTailNotice {
  /**
   * `opened` (following a file), `waiting` (the file does not exist yet or any more),
   * `truncated` (it shrank or was rewritten: reading restarts at 0), `rotated` (a new file
   * took its name: the old one was read to its end first), `error` (a read failed; retried
   * at the next poll).
   */
  readonly kind: 'opened' | 'waiting' | 'truncated' | 'rotated' | 'error';
  /** The file. */
  readonly path: string;
  /** Details for `error`. */
  readonly message?: string;
}

/** Counters of a tail, updated in place. */
export interface LogTailStats {
  /** Lines emitted. */
  lines: number;
  /** Bytes read. */
  bytes: number;
  /** Truncations seen. */
  truncations: number;
  /** Rotations seen. */
  rotations: number;
  /** Lines longer than `maxLineLength`, emitted cut. */
  longLines: number;
  /** Partial lines discarded because the file was truncated under them. */
  discardedPartials: number;
  /** Failed polls. */
  errors: number;
}

/** Options for {@link logTail}. */
export interface LogTailConfig {
  /** The file to follow. */
  path: string;
  /** Start at the beginning of the existing file instead of its end (default false). */
  fromStart?: boolean;
  /** Poll interval in ms (default 250). */
  pollMs?: number;
  /** Longest line in UTF-16 units; longer lines are emitted cut there (default 16 384). */
  maxLineLength?: number;
  /** Most bytes read per poll before yielding to the scheduler (default 1 MiB). */
  maxReadPerPoll?: number;
  /** Defaults to `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** Told about opens, truncations, rotations and errors. */
  onNotice?: (notice: LogTailNotice) => void;
  /** Counters to update. */
  stats?: LogTailStats;
}

/** Defaults of {@link LogTailConfig}. */
export const LOG_TAIL_DEFAULTS = {
  pollMs: 250,
  maxLineLength: 16_384,
  maxReadPerPoll: 1024 * 1024,
} as const;

/**
 * Creates zeroed counters for {@link LogTailConfig.stats}.
 *
 * @returns The counters.
 */
export function createLogTailStats(): LogTailStats {
  return {
    lines: 0,
    bytes: 0,
    truncations: 0,
    rotations: 0,
    longLines: 0,
    discardedPartials: 0,
    errors: 0,
  };
}

// Bytes at the start of the file remembered to notice a truncate-and-rewrite that grew
// past our position between two polls.
const HEAD_BYTES = 64;
const CHUNK_BYTES = 64 * 1024;

interface OpenFile {
  handle: FileHandle;
  dev: number;
  ino: number;
  position: number;
  head: Uint8Array | null;
  mtimeMs: number;
}

/**
 * Follows a text file and emits each complete line (without `\n` or a trailing `\r`).
 * A partial last line is held until its newline arrives. Lines are decoded as UTF-8, even
 * when a character is split between two writes. The stream never errors: read problems are
 * reported through `onNotice` and retried; it ends only when unsubscribed.
 *
 * ## Example
 * ```ts
 * logTail({ path: 'logs/Events.log', onNotice: (n) => logger.info(`log ${n.kind}`) })
 *   .pipe(parseLogLine({ realm: 'world-1' }))
 *   .subscribe((event) => hub.publish(event));
 * ```
 *
 * @param config Path, start position, poll interval, limits, scheduler, notices, counters.
 * @returns A cold Observable of lines; each subscription follows the file on its own.
 */
export function logTail(config: LogTailConfig): Observable<string> {
  const {
    path,
    fromStart = false,
    pollMs = LOG_TAIL_DEFAULTS.pollMs,
    maxLineLength = LOG_TAIL_DEFAULTS.maxLineLength,
    maxReadPerPoll = LOG_TAIL_DEFAULTS.maxReadPerPoll,
    scheduler = asyncScheduler,
  } = config;
  const stats = config.stats ?? createLogTailStats();
  const notify = (kind: LogTailNotice['kind'], message?: string) =>
    config.onNotice?.(message === undefined ? { kind, path } : { kind, path, message });

  return new Observable<string>((subscriber) => {
    let closed = false;
    let file: OpenFile | null = null;
    let firstLook = true;
    let waiting = false;
    let failing = false;
    let decoder = new TextDecoder('utf-8');
    let partial = '';
    let skippingLongLine = false;
    let timer: Subscription | null = null;
    const buffer = new Uint8Array(CHUNK_BYTES);

    const emitText = (text: string) => {
      let start = 0;
      for (;;) {
        const newline = text.indexOf('\n', start);
        if (newline === -1) break;
        const piece = text.slice(start, newline);
        start = newline + 1;
        if (skippingLongLine) {
          skippingLongLine = false;
          partial = '';
          continue;
        }
        let line = partial + piece;
        partial = '';
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line.length > maxLineLength) {
          stats.longLines++;
          line = line.slice(0, maxLineLength);
        }
        stats.lines++;
        subscriber.next(line);
        if (closed) return;
      }
      if (skippingLongLine) return;
      partial += text.slice(start);
      if (partial.length > maxLineLength) {
        // Bounded memory: emit the cut line now and drop the rest up to its newline.
        stats.longLines++;
        stats.lines++;
        const line = partial.slice(0, maxLineLength);
        partial = '';
        skippingLongLine = true;
        subscriber.next(line);
      }
    };

    const resetText = () => {
      decoder = new TextDecoder('utf-8');
      if (partial !== '') stats.discardedPartials++;
      partial = '';
      skippingLongLine = false;
    };

    const closeFile = async () => {
      const current = file;
      file = null;
      await current?.handle.close().catch(() => undefined);
    };

    /** Reads from the file's position to its end (or the per-poll cap); true if capped. */
    const readAvailable = async (current: OpenFile): Promise<boolean> => {
      let readThisPoll = 0;
      for (;;) {
        if (closed) return false;
        if (readThisPoll >= maxReadPerPoll) return true;
        const { bytesRead } = await current.handle.read(buffer, 0, CHUNK_BYTES, current.position);
        if (bytesRead === 0) return false;
        if (current.position === 0 && current.head === null) {
          current.head = buffer.slice(0, Math.min(bytesRead, HEAD_BYTES));
        }
        current.position += bytesRead;
        readThisPoll += bytesRead;
        stats.bytes += bytesRead;
        emitText(decoder.decode(buffer.subarray(0, bytesRead), { stream: true }));
      }
    };

    const readHead = async (handle: FileHandle, size: number): Promise<Uint8Array | null> => {
      if (size === 0) return null;
      const head = new Uint8Array(Math.min(size, HEAD_BYTES));
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return head.subarray(0, bytesRead);
    };

    /** Reads a replaced file to its end; a partial last line is emitted as it is. */
    const finishFile = async (current: OpenFile) => {
      await readAvailable(current);
      if (partial !== '' && !skippingLongLine && !closed) emitText('\n');
      await closeFile();
    };

    const openFile = async (size: number, fromPosition: number) => {
      const handle = await open(path, 'r');
      if (closed) {
        await handle.close();
        return;
      }
      try {
        // Identity from the handle, not the path: the file may have been replaced between.
        const own = await handle.stat();
        file = {
          handle,
          dev: Number(own.dev),
          ino: Number(own.ino),
          position: Math.min(fromPosition, size),
          head: fromPosition > 0 ? await readHead(handle, own.size) : null,
          mtimeMs: own.mtimeMs,
        };
      } catch (error) {
        await handle.close().catch(() => undefined);
        throw error;
      }
      resetText();
      notify('opened');
    };

    const poll = async (): Promise<boolean> => {
      let info;
      try {
        info = await stat(path);
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOENT') throw error;
        if (file) {
          // Renamed away: take what was appended before, then wait for the new file.
          await finishFile(file);
        }
        firstLook = false;
        if (!waiting) notify('waiting');
        waiting = true;
        return false;
      }
      waiting = false;
      if (!file) {
        await openFile(info.size, firstLook && !fromStart ? info.size : 0);
        firstLook = false;
      } else if (Number(info.ino) !== file.ino || Number(info.dev) !== file.dev) {
        await finishFile(file);
        stats.rotations++;
        notify('rotated');
        await openFile(info.size, 0);
      } else if (info.size < file.position || await rewritten(file, info.mtimeMs)) {
        stats.truncations++;
        file.position = 0;
        file.head = null;
        resetText();
        notify('truncated');
      }
      if (closed || !file) return false;
      file.mtimeMs = info.mtimeMs;
      return await readAvailable(file);
    };

    /** A same-size-or-larger file whose first bytes changed was truncated and rewritten. */
    const rewritten = async (current: OpenFile, mtimeMs: number): Promise<boolean> => {
      if (current.head === null || mtimeMs === current.mtimeMs) return false;
      const now = await readHead(current.handle, current.head.length);
      if (now === null || now.length < current.head.length) return true;
      return now.some((byte, i) => byte !== current.head![i]);
    };

    const loop = () => {
      timer = null;
      poll().then(
        (more) => {
          if (failing) failing = false;
          schedule(more ? 0 : pollMs);
        },
        (error: unknown) => {
          if (closed) return; // a read cut short by unsubscription
          stats.errors++;
          // Report once per failure streak, not every poll.
          if (!failing) notify('error', (error as Error)?.message ?? String(error));
          failing = true;
          closeFile().finally(() => schedule(pollMs));
        },
      );
    };
    const schedule = (delay: number) => {
      if (!closed) timer = scheduler.schedule(loop, delay);
    };

    schedule(0);
    return () => {
      closed = true;
      timer?.unsubscribe();
      timer = null;
      void closeFile();
    };
  });
}
