/**
 * @module The machinery shared by the parser operators: take a SOAP reply (or plain text),
 * split it into lines, let the command's reader turn the lines it recognises into a
 * snapshot, and report the others as one rate-limited `parse.error` per reply. A failed
 * poll becomes a `poll.failed` value: parsers never error and never go silent.
 */
import { asyncScheduler, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { forward, operate } from '../../operators/internal/operate.ts';
import type { SoapReply } from '../sources/soap/types.ts';
import { type ParseOutput, pollFailedValue } from '../snapshots.ts';
import type { FormatSet } from './formatSet.ts';
import { splitLines } from './lines.ts';
import { createParseErrorReporter } from './parseErrors.ts';

/** Options shared by every parser operator. */
export interface ParserConfig {
  /** Realm id put on `parse.error` events. */
  realm: string;
  /** The realm's compiled formats (`compileFormats(flavor, realm.formats)`). */
  formats: FormatSet;
  /** At most one `parse.error` per this many ms (default 60 000). */
  errorIntervalMs?: number;
  /** Clock for plain-text input (replies carry their own time). Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

/** Reads one command's lines. */
export interface LineReader<S> {
  /** Parser name for `parse.error` events. */
  readonly name: string;
  /** Format table group, e.g. `serverInfo`. */
  readonly group: string;
  /**
   * Builds the snapshot from the lines, calling `unknown` for each line it cannot use.
   * Returns undefined when nothing usable was found.
   */
  read(
    lines: readonly string[],
    formats: FormatSet,
    unknown: (line: string) => void,
  ): S | undefined;
}

/**
 * Builds a parser operator from a line reader.
 *
 * @param reader The command's reader.
 * @param config Realm, formats, error rate limit, clock.
 * @returns The operator.
 */
export function lineParser<S>(
  reader: LineReader<S>,
  config: ParserConfig,
): OperatorFunction<SoapReply | string, ParseOutput<S>> {
  const { realm, formats, scheduler = asyncScheduler } = config;
  return operate((source, subscriber) => {
    const errors = createParseErrorReporter({
      realm,
      parser: reader.name,
      intervalMs: config.errorIntervalMs,
    });
    forward(source, subscriber, {
      next(input) {
        const reply = typeof input === 'string' ? undefined : input;
        const time = reply ? reply.time : scheduler.now();
        if (reply?.kind === 'error') {
          const failed = pollFailedValue(reply);
          // A fault is output the command was not expected to print: report it too.
          const report = failed.reason === 'fault'
            ? errors.report(time, `'${reply.command}' failed`, failed.message)
            : undefined;
          if (report) subscriber.next(report);
          subscriber.next(failed);
          return;
        }
        const text = reply ? reply.text : input as string;
        const lines = splitLines(text);
        const unknown: string[] = [];
        const snapshot = lines.length
          ? reader.read(lines, formats, (l) => unknown.push(l))
          : undefined;
        if (lines.length === 0 || unknown.length > 0) {
          const message = lines.length === 0
            ? `empty output where ${reader.group} was expected`
            : `${unknown.length} of ${lines.length} lines match no ${formats.flavor} ${reader.group} format`;
          const report = errors.report(time, message, unknown.join('\n'));
          if (report) subscriber.next(report);
        }
        if (snapshot !== undefined) {
          subscriber.next({ kind: 'snapshot', time, command: reply?.command, snapshot });
        }
      },
    });
  });
}
