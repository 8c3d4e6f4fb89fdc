/**
 * @module Recording ids and where their files live. Ids come from users (CLI, HTTP), so
 * they are validated against a strict pattern, and every path built from one is checked
 * to stay inside the recordings directory, symlinks included.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';

/** Longest recording id. */
export const MAX_ID_LENGTH = 128;
/** File extension of plain recordings. */
export const PLAIN_EXT = '.jsonl';
/** File extension of compressed recordings. */
export const GZIP_EXT = '.jsonl.gz';
/** Suffix of the summary sidecar. */
export const SUMMARY_EXT = '.summary.json';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** An id that is not acceptable (names the rule it breaks). */
export class RecordingIdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingIdError';
  }
}

/** A recording that does not exist (or is not reachable inside the directory). */
export class RecordingNotFoundError extends Error {
  /** The id asked for. */
  readonly id: string;
  constructor(id: string, message = `no recording '${id}'`) {
    super(message);
    this.name = 'RecordingNotFoundError';
    this.id = id;
  }
}

/**
 * Checks a recording id: 1-128 characters, letters, digits, `.`, `_`, `-`, starting with a
 * letter or digit, no `..`. This rules out path separators, NUL, absolute paths and
 * traversal before any path is built.
 *
 * @param id Anything a user sent.
 * @returns The id, typed as a string.
 * @throws RecordingIdError naming the broken rule.
 */
export function validateRecordingId(id: unknown): string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new RecordingIdError('recording id must be a non-empty string');
  }
  if (id.length > MAX_ID_LENGTH) {
    throw new RecordingIdError(`recording id is longer than ${MAX_ID_LENGTH} characters`);
  }
  if (id.includes('\0')) throw new RecordingIdError('recording id contains a NUL character');
  if (id.includes('/') || id.includes('\\')) {
    throw new RecordingIdError('recording id contains a path separator');
  }
  if (id.includes('..')) throw new RecordingIdError("recording id contains '..'");
  if (!ID_PATTERN.test(id)) {
    throw new RecordingIdError(
      'recording id may only hold letters, digits, ".", "_" and "-", starting with a letter or digit',
    );
  }
  return id;
}

/**
 * Whether a value is a valid recording id.
 *
 * @param id Anything.
 * @returns True when {@link validateRecordingId} accepts it.
 */
export function isRecordingId(id: unknown): id is string {
  try {
    validateRecordingId(id);
    return true;
  } catch {
    return false;
  }
}

/**
 * Turns a free-text name into the slug part of an id.
 *
 * @param name Any text.
 * @returns Lowercase letters, digits and dashes, at most 40 characters (may be empty).
 */
export function slugify(name: string): string {
  return name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(
    /^-+|-+$/g,
    '',
  ).slice(0, 40).replace(/-+$/, '');
}

/**
 * Makes a new id: UTC start time, the name's slug and 4 random characters, e.g.
 * `20251126-120000-raid-night-k3f9`. Sorting ids sorts recordings by start.
 *
 * @param name Recording name.
 * @param time Start time, ms since the Unix epoch.
 * @returns A valid id.
 */
export function newRecordingId(name: string, time: number): string {
  const iso = new Date(Number.isFinite(time) ? time : 0).toISOString();
  const stamp = iso.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const random = Array.from(
    crypto.getRandomValues(new Uint8Array(4)),
    (b) => (b % 36).toString(36),
  ).join('');
  const slug = slugify(name);
  return validateRecordingId(slug ? `${stamp}-${slug}-${random}` : `${stamp}-${random}`);
}

/** The files of one recording. */
export interface RecordingPaths {
  /** The validated id. */
  readonly id: string;
  /** The recording itself. */
  readonly file: string;
  /** The summary sidecar (may not exist). */
  readonly summary: string;
  /** Whether the recording is gzip-compressed. */
  readonly gzip: boolean;
}

/**
 * Builds the paths of a recording in `dir` without touching the disk.
 *
 * @param dir Recordings directory.
 * @param id A recording id (validated here).
 * @param gzip Whether the file is compressed.
 * @returns The paths.
 */
export function recordingPaths(dir: string, id: string, gzip: boolean): RecordingPaths {
  validateRecordingId(id);
  const base = resolve(dir);
  return {
    id,
    file: join(base, `${id}${gzip ? GZIP_EXT : PLAIN_EXT}`),
    summary: join(base, `${id}${SUMMARY_EXT}`),
    gzip,
  };
}

/**
 * Whether `child` is strictly inside `parent` (both absolute, normalised).
 *
 * @param parent Directory.
 * @param child Path.
 * @returns True when inside.
 */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Finds an existing recording by id: validates the id, looks for `<id>.jsonl` then
 * `<id>.jsonl.gz`, and checks that the real path (after resolving symlinks) is a regular
 * file inside the real recordings directory.
 *
 * @param dir Recordings directory.
 * @param id The id a user sent.
 * @returns The paths.
 * @throws RecordingIdError for a bad id, RecordingNotFoundError when absent or outside.
 */
export async function resolveRecording(dir: string, id: unknown): Promise<RecordingPaths> {
  const valid = validateRecordingId(id);
  let realDir: string;
  try {
    realDir = await realpath(resolve(dir));
  } catch {
    throw new RecordingNotFoundError(valid, `recordings directory ${dir} does not exist`);
  }
  for (const gzip of [false, true]) {
    const paths = recordingPaths(dir, valid, gzip);
    if (!isInside(resolve(dir), paths.file)) continue;
    let real: string;
    try {
      real = await realpath(paths.file);
    } catch {
      continue;
    }
    if (!isInside(realDir, real)) {
      throw new RecordingNotFoundError(valid, `recording '${valid}' is outside the directory`);
    }
    if (!(await stat(real)).isFile()) continue;
    return { ...paths, file: real };
  }
  throw new RecordingNotFoundError(valid);
}
