/**
 * @module A small structured logger: one line per record, human-readable by default,
 * JSON when asked. Callers pass fields, never secrets.
 */

/** Log severity. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Structured logger. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Where lines go. */
  write: (line: string) => void;
  /** Lowest level written (default `info`). */
  level?: LogLevel;
  /** JSON lines instead of text. */
  json?: boolean;
  /** Wall clock (ms). */
  now?: () => number;
}

/**
 * Creates a logger.
 *
 * @param options Sink, level, format.
 * @returns The logger.
 */
export function createLogger(options: LoggerOptions): Logger {
  const min = LEVEL_RANK[options.level ?? 'info'];
  const now = options.now ?? (() => Date.now());
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (LEVEL_RANK[level] < min) return;
    const time = new Date(now()).toISOString();
    if (options.json) {
      options.write(JSON.stringify({ time, level, message, ...fields }) + '\n');
      return;
    }
    const extra = fields && Object.keys(fields).length
      ? ' ' + Object.entries(fields).map(([k, v]) => `${k}=${formatValue(v)}`).join(' ')
      : '';
    options.write(`${time} ${level.toUpperCase().padEnd(5)} ${message}${extra}\n`);
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  if (value instanceof Error) return JSON.stringify(value.message);
  return JSON.stringify(value) ?? String(value);
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
