/**
 * @module Rate-limited `parse.error` reporting: the first unrecognised input of a window is
 * reported, the rest are counted, and the next report carries the count (`suppressed`).
 * A parser is never silent about input it does not understand, and never floods.
 */
import { draftEvent } from '../events.ts';
import type { ParseErrorValue } from '../snapshots.ts';
import { truncateRaw } from './lines.ts';

/** Default window of the parse error rate limit: one report per minute per parser. */
export const PARSE_ERROR_INTERVAL_MS = 60_000;

/** Options for {@link createParseErrorReporter}. */
export interface ParseErrorReporterConfig {
  /** Realm id put on the events. */
  realm: string;
  /** Parser name put on the events (`parseServerInfo`). */
  parser: string;
  /** At most one report per this many ms (default {@link PARSE_ERROR_INTERVAL_MS}). */
  intervalMs?: number;
}

/** Turns problems into rate-limited `parse.error` values. */
export interface ParseErrorReporter {
  /**
   * Reports one problem.
   *
   * @returns The value to emit, or undefined when the problem was counted as suppressed.
   */
  report(time: number, message: string, raw: string): ParseErrorValue | undefined;
}

/**
 * Creates a reporter (one per parser subscription: its counters are per stream).
 *
 * @param config Realm, parser name, window.
 * @returns The reporter.
 */
export function createParseErrorReporter(config: ParseErrorReporterConfig): ParseErrorReporter {
  const intervalMs = config.intervalMs ?? PARSE_ERROR_INTERVAL_MS;
  let lastReportAt: number | undefined;
  let suppressed = 0;
  return {
    report(time, message, raw) {
      if (lastReportAt !== undefined && time - lastReportAt < intervalMs) {
        suppressed++;
        return undefined;
      }
      const data: { parser: string; message: string; raw: string; suppressed?: number } = {
        parser: config.parser,
        message,
        raw: truncateRaw(raw),
      };
      if (suppressed > 0) data.suppressed = suppressed;
      lastReportAt = time;
      suppressed = 0;
      const event = draftEvent('parse.error', { realm: config.realm, time, source: 'soap', data });
      return { kind: 'parse.error', time, event };
    },
  };
}
