/**
 * @module The console audit log: an append-only JSONL file written by one batched writer
 * (entries that arrive while a write is running go out together in the next write), each
 * `append` resolving only once its line is in the file, plus a bounded in-memory ring of the
 * latest entries (diagnostics bundles and the dashboard read it).
 */
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Through which door an attempt came. */
export type AuditVia = 'ws' | 'http' | 'inspect' | 'diagnostics';

/** One line of the audit log: one attempt. */
export interface AuditEntry {
  /** Wall-clock time of the attempt, ISO 8601. */
  readonly time: string;
  /** The token's configured name (never the token). */
  readonly actor: string;
  /** The token's role. */
  readonly role: string;
  /** Target realm id, as requested. */
  readonly realm: string;
  /** Which door. */
  readonly via: AuditVia;
  /** The command as received (truncated to the console's `maxLength` plus a marker). */
  readonly command: string;
  /** Whether the checks let it through to the worldserver. */
  readonly allowed: boolean;
  /** Why it was refused or failed (a code such as `not_allowed`, `rate_limited`, `fault`). */
  readonly reason?: string;
  /** Whether the worldserver accepted it (allowed attempts only). */
  readonly ok?: boolean;
  /** Result or fault text, or the refusal message, truncated. */
  readonly output?: string;
  /** From receipt to outcome, ms. */
  readonly durationMs: number;
}

/** Options for {@link createAuditLog}. */
export interface AuditLogConfig {
  /** File path (its folder is created when missing). */
  path: string;
  /** Entries waiting for the disk at most; more are refused (default 1000). */
  maxPending?: number;
  /** Entries kept in memory for `recent` (default 200). */
  recentSize?: number;
}

/** The audit log. */
export interface AuditLog {
  /** The file. */
  readonly path: string;
  /** False after a failed write, until a write succeeds again. */
  readonly healthy: boolean;
  /** Appends an entry; resolves once it is written, rejects when it could not be. */
  append(entry: AuditEntry): Promise<void>;
  /** The latest entries, oldest first (optionally of one realm), at most `limit`. */
  recent(options?: { realm?: string; limit?: number }): AuditEntry[];
  /** Opens the file now (so a start fails early on an unwritable folder). */
  open(): Promise<void>;
  /** Writes what is pending and closes the file. */
  close(): Promise<void>;
}

/** The audit log refused or failed to take an entry. */
export class AuditLogError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AuditLogError';
  }
}

interface Pending {
  readonly line: string;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

type Handle = Awaited<ReturnType<typeof open>>;

/**
 * Creates the audit log writer.
 *
 * ## Example
 * ```ts
 * const audit = createAuditLog({ path: 'audit/commands.jsonl' });
 * await audit.append(entry); // the line is in the file now
 * ```
 *
 * @param config Path, queue bound, ring size.
 * @returns The writer.
 */
export function createAuditLog(config: AuditLogConfig): AuditLog {
  const { path, maxPending = 1000, recentSize = 200 } = config;
  const ring: AuditEntry[] = [];
  let pending: Pending[] = [];
  let handle: Promise<Handle> | undefined;
  let writing: Promise<void> | undefined;
  let healthy = true;
  let closed = false;

  const ensureOpen = () =>
    handle ??= mkdir(dirname(path), { recursive: true }).then(() => open(path, 'a'));

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        const file = await ensureOpen();
        await file.write(batch.map((item) => item.line).join(''));
        healthy = true;
        for (const item of batch) item.resolve();
      } catch (error) {
        healthy = false;
        // Reopen next time: the folder may have been fixed or the disk freed.
        const failed = handle;
        handle = undefined;
        failed?.then((file) => file.close()).catch(() => {});
        const wrapped = new AuditLogError(
          `could not write the audit log ${path}: ${(error as Error).message}`,
          { cause: error },
        );
        for (const item of batch) item.reject(wrapped);
      }
    }
  }

  const kick = () => {
    writing ??= drain().finally(() => {
      writing = undefined;
      if (pending.length > 0) kick();
    });
  };

  return {
    path,
    get healthy() {
      return healthy;
    },
    append(entry) {
      ring.push(entry);
      if (ring.length > recentSize) ring.shift();
      if (closed) return Promise.reject(new AuditLogError('the audit log is closed'));
      if (pending.length >= maxPending) {
        return Promise.reject(
          new AuditLogError(`audit log queue full (${maxPending} entries waiting for the disk)`),
        );
      }
      return new Promise<void>((resolve, reject) => {
        pending.push({ line: `${JSON.stringify(entry)}\n`, resolve, reject });
        kick();
      });
    },
    recent(options = {}) {
      const matching = options.realm === undefined
        ? ring
        : ring.filter((entry) => entry.realm === options.realm);
      return matching.slice(Math.max(0, matching.length - (options.limit ?? recentSize)));
    },
    async open() {
      await ensureOpen();
    },
    async close() {
      closed = true;
      while (writing) await writing;
      const file = handle;
      handle = undefined;
      if (file) await file.then((opened) => opened.close(), () => {});
    },
  };
}
