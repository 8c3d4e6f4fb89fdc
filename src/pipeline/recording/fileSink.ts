/**
 * @module Where recording bytes go: one exclusively-created file per recording (never
 * overwriting an existing one), written in batches, plain or as framed gzip members, plus
 * an atomic write (temp file + rename) for summaries.
 */
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { gzipMember } from './gzipMembers.ts';

/** The minimal file interface the writer needs (tests substitute a slow one). */
export interface FileSink {
  /** Appends bytes; resolves once all are handed to the OS. */
  write(data: Uint8Array): Promise<void>;
  /** Flushes to stable storage. */
  sync(): Promise<void>;
  /** Closes the file. */
  close(): Promise<void>;
}

/** Creates a file that must not exist yet. */
export type OpenFileSink = (path: string) => Promise<FileSink>;

/**
 * The real file sink: `open(path, 'wx')` (fails if the file exists), `writeFile` on the
 * handle (which loops until every byte is written), `sync`, `close`.
 *
 * @param path File path.
 * @returns The sink.
 */
export const openFileSink: OpenFileSink = async (path) => {
  const handle = await open(path, 'wx');
  return {
    write: (data) => handle.writeFile(data),
    sync: () => handle.sync(),
    close: () => handle.close(),
  };
};

/** A recording file being written: text in, plain or gzip bytes out. */
export interface SegmentFile {
  /** Writes a batch of complete lines; resolves when handed to the OS. */
  write(text: string): Promise<void>;
  /** Syncs and closes. */
  close(): Promise<void>;
  /** Bytes written to the file so far (compressed when gzip). */
  readonly fileBytes: number;
}

const encoder = new TextEncoder();

/**
 * Opens a recording file for writing.
 *
 * @param path File path (must not exist).
 * @param gzip Write each batch as one framed gzip member.
 * @param openSink File opener (default: the real file system).
 * @returns The open file.
 */
export async function openSegmentFile(
  path: string,
  gzip: boolean,
  openSink: OpenFileSink = openFileSink,
): Promise<SegmentFile> {
  const sink = await openSink(path);
  let fileBytes = 0;
  let closed = false;
  return {
    async write(text) {
      if (closed) throw new Error('recording file is closed');
      const plain = encoder.encode(text);
      const data = gzip ? await gzipMember(plain) : plain;
      await sink.write(data);
      fileBytes += data.length;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await sink.sync();
      } finally {
        await sink.close();
      }
    },
    get fileBytes() {
      return fileBytes;
    },
  };
}

/**
 * Writes a file atomically: a temporary file next to it, then a rename, so readers see
 * either the old content or the complete new one.
 *
 * @param path Destination.
 * @param text Content.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16))
    .join('');
  const temp = `${path}.tmp-${random}`;
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
