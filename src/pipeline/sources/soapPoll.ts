/**
 * @module `soapPoll`: the SOAP source of a realm, a timer stream on the injected scheduler.
 * Rounds never overlap (`exhaustMap`), each command has its own cadence, a failure is
 * emitted as an error reply and delays the next round with jittered exponential backoff
 * (reset by a success), and an auth error (401/403) ends the stream after its reply.
 */
import {
  asyncScheduler,
  concatMap,
  defer,
  exhaustMap,
  from,
  map,
  Observable,
  of,
  retry,
  type SchedulerLike,
  takeWhile,
  tap,
  timer,
} from 'rxjs';
import { isFatalSoapError } from './soap/errors.ts';
import type { SoapReply, SoapTransport } from './soap/types.ts';

/**
 * One polled command: a fixed command text, or a function called at each due round that
 * yields this round's commands (e.g. a `pinfo` round-robin over the online list).
 */
export interface PollCommand {
  /** The command, or a function giving this round's commands. */
  command: string | (() => readonly string[]);
  /** Its own cadence in ms (default: the poll interval). */
  intervalMs?: number;
}

/** Backoff after failures. */
export interface SoapPollBackoff {
  /** Delay after the first failure, ms (default: the poll interval). */
  initialMs?: number;
  /** Upper bound of the delay, ms (default 60 000). */
  maxMs?: number;
  /** Growth per consecutive failure (default 2). */
  factor?: number;
  /** Fraction of the delay taken off at random, 0-1 (default 0.2). */
  jitter?: number;
  /** Random source in [0, 1) for the jitter (default `Math.random`; tests pass a constant). */
  random?: () => number;
}

/** Options for {@link soapPoll}. */
export interface SoapPollConfig {
  /** Realm id (for the caller's bookkeeping and error messages). */
  realm: string;
  /** Runs one command; unsubscribing must abort it. */
  transport: SoapTransport;
  /** What to poll, in round order. */
  commands: readonly (PollCommand | string)[];
  /** Base cadence in ms (default 5000). */
  intervalMs?: number;
  /** Time source (default `asyncScheduler`; marble tests pass the TestScheduler). */
  scheduler?: SchedulerLike;
  /** Backoff after failures. */
  backoff?: SoapPollBackoff;
}

/** Default poll interval (ms). */
export const DEFAULT_POLL_INTERVAL_MS = 5000;

/** A signal for `retry`: the round failed, wait, then poll again. */
class RoundFailed extends Error {
  constructor() {
    super('SOAP poll round failed');
    this.name = 'RoundFailed';
  }
}

/**
 * The delay before the next round after `failures` consecutive failed rounds.
 *
 * @param failures Consecutive failures (>= 1).
 * @param backoff Backoff settings.
 * @param intervalMs The poll interval (default initial delay).
 * @returns Delay in ms.
 */
export function backoffDelay(
  failures: number,
  backoff: SoapPollBackoff,
  intervalMs: number,
): number {
  const initial = backoff.initialMs ?? intervalMs;
  const max = backoff.maxMs ?? 60_000;
  const raw = Math.min(max, initial * (backoff.factor ?? 2) ** Math.max(0, failures - 1));
  const jitter = Math.min(1, Math.max(0, backoff.jitter ?? 0.2));
  const random = (backoff.random ?? Math.random)();
  return Math.max(0, Math.round(raw * (1 - jitter * random)));
}

/**
 * Polls a worldserver over SOAP.
 *
 * It's like `timer(0, intervalMs).pipe(exhaustMap(() => transport(cmd)))`, but with
 * per-command cadences, failures as values, backoff, and a stop on auth errors.
 *
 * ```text
 * intervalMs 5, backoff { initialMs: 10, jitter: 0 }; each call answers after 1 frame and
 * fails on calls 1, 2 and 5 (a, b, e are error replies; c, d, f are ok replies):
 * calls:   ^----------^--------------------^----^----^----------^
 * replies: -a 10ms b 20ms c 4ms d 4ms e 10ms f
 * ```
 *
 * ## Example
 * ```ts
 * soapPoll({
 *   realm: 'world-1',
 *   transport: createSoapTransport(connection),
 *   commands: [{ command: 'server info' }, { command: 'account onlinelist' }],
 * }).subscribe((reply) => console.log(reply.command, reply.kind));
 * ```
 *
 * @param config Realm, transport, commands, interval, scheduler, backoff.
 * @returns Replies, in order; completes only after an auth error.
 */
export function soapPoll(config: SoapPollConfig): Observable<SoapReply> {
  const scheduler = config.scheduler ?? asyncScheduler;
  const intervalMs = config.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const commands: PollCommand[] = config.commands.map((item) =>
    typeof item === 'string' ? { command: item } : item
  );
  const tickMs = Math.min(intervalMs, ...commands.map((item) => item.intervalMs ?? intervalMs));
  return defer(() => {
    const lastRun = new Map<PollCommand, number>();
    let failures = 0;
    const due = (now: number) =>
      commands.filter((item) => {
        const last = lastRun.get(item);
        // Half a tick of slack, so a cadence that is a multiple of the tick is not skipped.
        return last === undefined || now - last >= (item.intervalMs ?? intervalMs) - tickMs / 2;
      });
    const runOne = (command: string): Observable<SoapReply> =>
      defer(() => {
        const started = scheduler.now();
        return config.transport(command).pipe(
          takeWhile(() => false, true),
          map((text): SoapReply => {
            const time = scheduler.now();
            return { kind: 'ok', command, text, time, latencyMs: time - started };
          }),
          (source) =>
            new Observable<SoapReply>((subscriber) => {
              let answered = false;
              return source.subscribe({
                next: (reply) => {
                  answered = true;
                  subscriber.next(reply);
                },
                error: (error: unknown) => {
                  const time = scheduler.now();
                  subscriber.next({
                    kind: 'error',
                    command,
                    error: error instanceof Error ? error : new Error(String(error)),
                    time,
                    latencyMs: time - started,
                  });
                  subscriber.complete();
                },
                complete: () => {
                  if (!answered) {
                    const time = scheduler.now();
                    subscriber.next({
                      kind: 'error',
                      command,
                      error: new Error(`transport completed without an answer to '${command}'`),
                      time,
                      latencyMs: time - started,
                    });
                  }
                  subscriber.complete();
                },
              });
            }),
        );
      });
    const round = (): Observable<SoapReply> =>
      defer(() => {
        const now = scheduler.now();
        let failed = false;
        // An item counts as run only when all its commands answered; a failed or skipped
        // item stays due, so the round after the backoff tries it again.
        const runItem = (item: PollCommand): Observable<SoapReply> =>
          defer(() => {
            let list: readonly string[];
            try {
              list = typeof item.command === 'string' ? [item.command] : item.command();
            } catch (error) {
              // A throwing command list is reported like a failed command, not a stream error.
              const failure = error instanceof Error ? error : new Error(String(error));
              failed = true;
              failures++;
              return of<SoapReply>({
                kind: 'error',
                command: '(command list)',
                error: failure,
                time: now,
                latencyMs: 0,
              });
            }
            return from(list).pipe(
              concatMap((command) => (failed ? of() : runOne(command))),
              tap({
                next: (reply) => {
                  if (reply.kind === 'error') {
                    failed = true;
                    failures++;
                  } else failures = 0;
                },
                complete: () => {
                  if (!failed) lastRun.set(item, now);
                },
              }),
            );
          });
        return from(due(now)).pipe(
          concatMap((item) => (failed ? of() : runItem(item))),
          (source) =>
            new Observable<SoapReply>((subscriber) =>
              source.subscribe({
                next: (reply) => subscriber.next(reply),
                error: (error) => subscriber.error(error),
                complete:
                  () => (failed ? subscriber.error(new RoundFailed()) : subscriber.complete()),
              })
            ),
        );
      });
    return timer(0, tickMs, scheduler).pipe(
      exhaustMap(round),
      retry({
        delay: (error) => {
          if (!(error instanceof RoundFailed)) throw error;
          return timer(backoffDelay(failures, config.backoff ?? {}, intervalMs), scheduler);
        },
      }),
    );
  }).pipe(takeWhile((reply) => !(reply.kind === 'error' && isFatalSoapError(reply.error)), true));
}
