/**
 * @module SOAP cassettes: the raw exchanges of a realm (command, HTTP status, body,
 * latency) recorded through the SOAP client's `onExchange` hook with credentials removed,
 * and a `SoapTransport` that plays them back through the real `parseSoapResponse` with the
 * recorded latency on any scheduler. Parser and pipeline tests then run on real server
 * answers, faults and failures included, in virtual time.
 *
 * File form (`<name>.cassette.jsonl`): a header line
 * `{"format":"realmstream-cassette","version":1,"realm","flavor","name","startTime"}`, then one
 * line per exchange `{"t","command","latencyMs","status"?,"headers"?,"body"?,"error"?}`.
 */
import { asyncScheduler, Observable, type SchedulerLike } from 'rxjs';
import { readFile } from 'node:fs/promises';
import type { SoapExchange } from '../sources/soap/client.ts';
import { SoapTimeoutError, SoapUnreachableError } from '../sources/soap/errors.ts';
import { parseSoapResponse } from '../sources/soap/parse.ts';
import type { Flavor, SoapTransport } from '../sources/soap/types.ts';
import { writeFileAtomic } from './fileSink.ts';

/** Value of a cassette header's `format`. */
export const CASSETTE_FORMAT = 'realmstream-cassette';
/** What replaces a secret. */
export const SECRET_MASK = '***';
/** Response headers kept (the rest are dropped: they may carry cookies or tokens). */
export const KEPT_HEADERS = ['content-type', 'server', 'connection', 'content-length'];

/** A recorded failure that happened before an answer arrived (or while reading it). */
export interface CassetteError {
  /** Error class name (`SoapTimeoutError`, `SoapUnreachableError`...). */
  readonly name: string;
  /** The `server.down` reason vocabulary, when the error had one. */
  readonly kind?: string;
  /** Its message (secrets removed). */
  readonly message: string;
  /** System error code, for unreachable. */
  readonly code?: string;
}

/** One recorded exchange. */
export interface CassetteExchange {
  /** Ms since the cassette's start when the command was sent. */
  readonly t: number;
  /** The command (secret arguments masked). */
  readonly command: string;
  /** Round trip in ms. */
  readonly latencyMs: number;
  /** HTTP status, when an answer arrived. */
  readonly status?: number;
  /** Safe response headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Response body, when an answer arrived (secrets masked). */
  readonly body?: string;
  /** The failure, for exchanges without an answer (timeout, refused connection). */
  readonly error?: CassetteError;
}

/** A cassette: which realm, which flavour, and the exchanges in order. */
export interface Cassette {
  readonly format: typeof CASSETTE_FORMAT;
  readonly version: 1;
  /** Realm id the exchanges came from. */
  readonly realm: string;
  /** Its flavour (decides how answers are parsed). */
  readonly flavor: Flavor;
  /** Human-readable name. */
  readonly name: string;
  /** Scheduler time of `t = 0`. */
  readonly startTime: number;
  /** The exchanges, `t` non-decreasing. */
  readonly exchanges: readonly CassetteExchange[];
}

/** A malformed cassette file. */
export class CassetteFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CassetteFormatError';
  }
}

/** The transport was asked for a command the cassette does not hold (any more). */
export class CassetteMissError extends Error {
  /** The command asked for. */
  readonly command: string;
  constructor(command: string, message: string) {
    super(message);
    this.name = 'CassetteMissError';
    this.command = command;
  }
}

// Console commands whose arguments after the account name are passwords.
const SECRET_COMMANDS: readonly RegExp[] = [
  /^(\.?account\s+create\s+\S+\s+)(.*)$/i,
  /^(\.?account\s+set\s+password\s+\S+\s+)(.*)$/i,
  /^(\.?account\s+password\s+)(.*)$/i,
  /^(\.?bnetaccount\s+create\s+\S+\s+)(.*)$/i,
  /^(\.?bnetaccount\s+set\s+password\s+\S+\s+)(.*)$/i,
  /^(\.?bnetaccount\s+password\s+)(.*)$/i,
];

/**
 * Masks the password arguments of account commands.
 *
 * @param command A console command.
 * @returns The command with secret arguments replaced, and the secrets found.
 */
export function maskCommand(command: string): { command: string; secrets: string[] } {
  for (const pattern of SECRET_COMMANDS) {
    const match = pattern.exec(command);
    if (match && match[2].trim() !== '') {
      const secrets = match[2].split(/\s+/).filter((word) => word.length >= 2);
      return { command: `${match[1]}${SECRET_MASK}`, secrets };
    }
  }
  return { command, secrets: [] };
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join(SECRET_MASK);
  return out;
}

/** Options for {@link createCassetteRecorder}. */
export interface CassetteRecorderOptions {
  /** Realm id. */
  realm: string;
  /** Realm flavour. */
  flavor: Flavor;
  /** Cassette name (default: the realm id). */
  name?: string;
  /** Time source for `t` (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** Strings removed wherever they appear (the SOAP password, the account name...). */
  secrets?: readonly string[];
  /** Most exchanges kept; later ones are counted and dropped (default 10 000). */
  maxExchanges?: number;
}

/** Records exchanges into a cassette. */
export interface CassetteRecorder {
  /** Pass this as the SOAP client's `onExchange`. */
  readonly onExchange: (exchange: SoapExchange) => void;
  /** The cassette so far. */
  cassette(): Cassette;
  /** Exchanges dropped beyond `maxExchanges`. */
  readonly dropped: number;
}

/**
 * Creates a cassette recorder for one realm.
 *
 * ## Example
 * ```ts
 * const tape = createCassetteRecorder({ realm: 'world-1', flavor, secrets: [password] });
 * const transport = createSoapTransport(connection, { onExchange: tape.onExchange });
 * // ... poll for a while, then:
 * await saveCassette('fixtures/world-1.cassette.jsonl', tape.cassette());
 * ```
 *
 * @param options Realm, flavour, scheduler, secrets, bound.
 * @returns The recorder.
 */
export function createCassetteRecorder(options: CassetteRecorderOptions): CassetteRecorder {
  const scheduler = options.scheduler ?? asyncScheduler;
  const maxExchanges = options.maxExchanges ?? 10_000;
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 2);
  const startTime = scheduler.now();
  const exchanges: CassetteExchange[] = [];
  let dropped = 0;
  return {
    onExchange(exchange) {
      if (exchanges.length >= maxExchanges) {
        dropped++;
        return;
      }
      const masked = maskCommand(exchange.command);
      const all = [...secrets, ...masked.secrets];
      const t = Math.max(0, scheduler.now() - exchange.latencyMs - startTime);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(exchange.headers ?? {})) {
        if (KEPT_HEADERS.includes(name.toLowerCase())) headers[name.toLowerCase()] = value;
      }
      const error = exchange.error as (Error & { kind?: string; code?: string }) | undefined;
      const entry: Record<string, unknown> = {
        t,
        command: scrub(masked.command, secrets),
        latencyMs: exchange.latencyMs,
      };
      if (exchange.status !== undefined) entry.status = exchange.status;
      if (Object.keys(headers).length > 0) entry.headers = headers;
      if (exchange.body !== undefined) entry.body = scrub(exchange.body, all);
      // Errors with an answer replay from the answer; only answerless ones are stored.
      if (error && exchange.status === undefined) {
        entry.error = {
          name: error.name,
          message: scrub(error.message, all),
          ...(error.kind === undefined ? {} : { kind: error.kind }),
          ...(error.code === undefined ? {} : { code: error.code }),
        };
      }
      exchanges.push(entry as unknown as CassetteExchange);
    },
    cassette: () => ({
      format: CASSETTE_FORMAT,
      version: 1,
      realm: options.realm,
      flavor: options.flavor,
      name: options.name ?? options.realm,
      startTime,
      exchanges: [...exchanges],
    }),
    get dropped() {
      return dropped;
    },
  };
}

/**
 * Serialises a cassette as JSONL.
 *
 * @param cassette The cassette.
 * @returns The text.
 */
export function cassetteText(cassette: Cassette): string {
  const { exchanges, ...header } = cassette;
  return [header, ...exchanges].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

/**
 * Writes a cassette file atomically.
 *
 * @param path File path (`.cassette.jsonl` by convention).
 * @param cassette The cassette.
 */
export function saveCassette(path: string, cassette: Cassette): Promise<void> {
  return writeFileAtomic(path, cassetteText(cassette));
}

/**
 * Parses cassette text.
 *
 * @param text JSONL.
 * @returns The cassette.
 * @throws CassetteFormatError naming the bad line.
 */
export function parseCassette(text: string): Cassette {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const parse = (line: string, n: number) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new CassetteFormatError(`cassette line ${n} is not JSON`);
    }
  };
  const header = parse(lines[0] ?? '', 1);
  if (header.format !== CASSETTE_FORMAT || header.version !== 1) {
    throw new CassetteFormatError(`not a version-1 ${CASSETTE_FORMAT}`);
  }
  if (header.flavor !== 'trinitycore' && header.flavor !== 'azerothcore') {
    throw new CassetteFormatError('cassette flavor must be trinitycore or azerothcore');
  }
  const exchanges = lines.slice(1).map((line, i) => {
    const entry = parse(line, i + 2);
    if (
      typeof entry.t !== 'number' || typeof entry.command !== 'string' ||
      typeof entry.latencyMs !== 'number' ||
      (entry.status === undefined && entry.error === undefined)
    ) {
      throw new CassetteFormatError(`cassette line ${i + 2} is not an exchange`);
    }
    return entry as unknown as CassetteExchange;
  });
  return { ...(header as unknown as Omit<Cassette, 'exchanges'>), exchanges };
}

/**
 * Reads a cassette file.
 *
 * @param path File path.
 * @returns The cassette.
 */
export async function loadCassette(path: string): Promise<Cassette> {
  return parseCassette(await readFile(path, 'utf8'));
}

/** Options for {@link cassetteTransport}. */
export interface CassetteTransportOptions {
  /** Time source for the recorded latency (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /**
   * When a command's recorded exchanges are used up: `error` (default, a
   * `CassetteMissError`), `repeat-last` (answer like the last one again), or `loop`
   * (start that command's exchanges over).
   */
  whenExhausted?: 'error' | 'repeat-last' | 'loop';
}

function replayError(error: CassetteError, command: string): Error {
  const context = { command };
  if (error.kind === 'timeout') {
    const ms = Number(/within (\d+)/.exec(error.message)?.[1] ?? 0);
    return new SoapTimeoutError(ms, context);
  }
  if (error.kind === 'unreachable') {
    return new SoapUnreachableError(error.message, error.code, context);
  }
  const other = new Error(error.message);
  other.name = error.name;
  return other;
}

/**
 * A `SoapTransport` that answers from a cassette: each command gets its recorded
 * exchanges in order (per command), after the recorded latency on the scheduler, through
 * the same `parseSoapResponse` as the live client. Faults, 401s, garbage and timeouts come
 * back as the same typed errors.
 *
 * It's like the HTTP transport, but the server is a tape.
 *
 * ```text
 * cassette:   'server info' -> 200 (latency 40), 200 (latency 45)
 * transport('server info'):  40ms (text|)      then: 45ms (text|)      then: CassetteMissError
 * ```
 *
 * ## Example
 * ```ts
 * const transport = cassetteTransport(await loadCassette(path), { scheduler: testScheduler });
 * testScheduler.run(() => realmPipeline(realm, { transport, status, logger }).subscribe(seen));
 * ```
 *
 * @param cassette The cassette.
 * @param options Scheduler, what to do when exhausted.
 * @returns The transport.
 */
export function cassetteTransport(
  cassette: Cassette,
  options: CassetteTransportOptions = {},
): SoapTransport {
  const whenExhausted = options.whenExhausted ?? 'error';
  const byCommand = new Map<string, CassetteExchange[]>();
  for (const exchange of cassette.exchanges) {
    const list = byCommand.get(exchange.command) ?? [];
    list.push(exchange);
    byCommand.set(exchange.command, list);
  }
  const position = new Map<string, number>();
  const pick = (command: string): CassetteExchange => {
    const key = byCommand.has(command) ? command : maskCommand(command).command;
    const list = byCommand.get(key);
    if (!list) {
      throw new CassetteMissError(command, `the cassette has no exchange for '${command}'`);
    }
    let index = position.get(key) ?? 0;
    if (index >= list.length) {
      if (whenExhausted === 'error') {
        throw new CassetteMissError(
          command,
          `the cassette's ${list.length} exchange(s) for '${command}' are used up`,
        );
      }
      index = whenExhausted === 'loop' ? 0 : list.length - 1;
    }
    position.set(key, index + 1);
    return list[index];
  };
  return (command) =>
    new Observable<string>((subscriber) => {
      const scheduler = options.scheduler ?? asyncScheduler;
      let exchange: CassetteExchange;
      try {
        exchange = pick(command);
      } catch (error) {
        subscriber.error(error);
        return;
      }
      const action = scheduler.schedule(() => {
        if (exchange.status === undefined) {
          subscriber.error(replayError(exchange.error as CassetteError, command));
          return;
        }
        let text: string;
        try {
          text = parseSoapResponse(
            { status: exchange.status, headers: exchange.headers, body: exchange.body ?? '' },
            cassette.flavor,
            { command },
          );
        } catch (error) {
          subscriber.error(error);
          return;
        }
        subscriber.next(text);
        subscriber.complete();
      }, Math.max(0, exchange.latencyMs));
      return () => action.unsubscribe();
    });
}
