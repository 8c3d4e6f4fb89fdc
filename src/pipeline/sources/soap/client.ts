/**
 * @module `executeCommand`: one console command over SOAP as a cold Observable (emits the
 * output once and completes, or errors with a typed `Soap*Error`; unsubscribing aborts the
 * request and closes its connection), plus a Promise helper. The request timeout runs on the
 * injected scheduler.
 */
import { asyncScheduler, firstValueFrom, Observable, type SchedulerLike } from 'rxjs';
import { buildSoapEnvelope, SOAP_URN } from './envelope.ts';
import { SoapError, SoapProtocolError, SoapTimeoutError } from './errors.ts';
import { httpExchange } from './http.ts';
import { parseSoapResponse } from './parse.ts';
import type { SoapConnection } from './types.ts';

/** Default request timeout (ms). */
export const DEFAULT_SOAP_TIMEOUT_MS = 10_000;

/** What the `onExchange` hook sees after each exchange (never credentials). */
export interface SoapExchange {
  /** The command sent. */
  readonly command: string;
  /** The endpoint, without credentials. */
  readonly url: string;
  /** HTTP status, when an answer arrived. */
  readonly status?: number;
  /** Response headers, when an answer arrived. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Response body, when an answer arrived. */
  readonly body?: string;
  /** Round trip in scheduler time. */
  readonly latencyMs: number;
  /** The error, when the exchange failed (at the network level or in parsing). */
  readonly error?: Error;
}

/** Options of the SOAP client. */
export interface SoapClientOptions {
  /** Time source for the timeout and latency (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** Called after every exchange (a cassette recorder, metrics). */
  onExchange?: (exchange: SoapExchange) => void;
  /** Largest answer accepted, bytes (default 16 MiB). */
  maxResponseBytes?: number;
}

function basicAuth(username: string, password: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(`${username}:${password}`)) {
    binary += String.fromCharCode(byte);
  }
  return `Basic ${btoa(binary)}`;
}

function endpoint(connection: SoapConnection): URL {
  let url: URL;
  try {
    url = new URL(connection.url);
  } catch (error) {
    throw new SoapProtocolError(`invalid SOAP URL`, 'protocol', {}, { cause: error });
  }
  // Credentials belong in username/password, never in the URL (they would end up in logs).
  url.username = '';
  url.password = '';
  return url;
}

/**
 * Runs one console command.
 *
 * ```ts
 * executeCommand(conn, 'server info').subscribe({ next: console.log, error: console.error });
 * ```
 *
 * @param connection URL, account, flavour, timeout.
 * @param command The console command.
 * @param options Scheduler, exchange hook.
 * @returns A cold Observable of the output text (LF line ends).
 */
export function executeCommand(
  connection: SoapConnection,
  command: string,
  options: SoapClientOptions = {},
): Observable<string> {
  return new Observable<string>((subscriber) => {
    const scheduler = options.scheduler ?? asyncScheduler;
    const timeoutMs = connection.timeoutMs ?? DEFAULT_SOAP_TIMEOUT_MS;
    const controller = new AbortController();
    let url: URL;
    try {
      url = endpoint(connection);
    } catch (error) {
      subscriber.error(error);
      return;
    }
    const context = { command, url: url.origin + url.pathname };
    const started = scheduler.now();
    const report = (exchange: Omit<SoapExchange, 'command' | 'url' | 'latencyMs'>) => {
      try {
        options.onExchange?.({
          command,
          url: context.url,
          latencyMs: scheduler.now() - started,
          ...exchange,
        });
      } catch {
        // A broken hook must not break the exchange.
      }
    };
    let finished = false;
    const timer = scheduler.schedule(() => {
      if (finished) return;
      finished = true;
      const error = new SoapTimeoutError(timeoutMs, context);
      controller.abort(error);
      report({ error });
      subscriber.error(error);
    }, timeoutMs);
    httpExchange({
      url,
      signal: controller.signal,
      maxResponseBytes: options.maxResponseBytes,
      body: buildSoapEnvelope(command, connection.flavor),
      headers: {
        Authorization: basicAuth(connection.username, connection.password),
        'Content-Type': 'text/xml; charset=utf-8',
        SOAPAction: `"${SOAP_URN[connection.flavor]}#executeCommand"`,
      },
    }).then(
      (response) => {
        if (finished) return;
        finished = true;
        timer.unsubscribe();
        let text: string;
        try {
          text = parseSoapResponse(response, connection.flavor, context);
        } catch (error) {
          report({ ...response, error: error as Error });
          subscriber.error(error);
          return;
        }
        report(response);
        subscriber.next(text);
        subscriber.complete();
      },
      (error: unknown) => {
        if (finished) return;
        finished = true;
        timer.unsubscribe();
        const typed = error instanceof SoapError
          ? withContext(error, context)
          : new SoapProtocolError(String((error as Error)?.message ?? error), 'protocol', context, {
            cause: error,
          });
        report({ error: typed });
        subscriber.error(typed);
      },
    );
    return () => {
      finished = true;
      timer.unsubscribe();
      controller.abort(new Error('unsubscribed'));
    };
  });
}

function withContext<E extends SoapError>(error: E, context: { command: string; url: string }): E {
  // Errors from the byte layer know the URL at most; add the command for the caller.
  Object.defineProperty(error, 'command', { value: context.command, enumerable: true });
  if (!error.url) Object.defineProperty(error, 'url', { value: context.url, enumerable: true });
  return error;
}

/**
 * Runs one console command and resolves with its output.
 *
 * @param connection URL, account, flavour, timeout.
 * @param command The console command.
 * @param options Scheduler, exchange hook, and an abort signal.
 * @returns The output text (LF line ends); rejects with a typed `Soap*Error`.
 */
export function executeCommandAsync(
  connection: SoapConnection,
  command: string,
  options: SoapClientOptions & { signal?: AbortSignal } = {},
): Promise<string> {
  const { signal, ...rest } = options;
  if (!signal) return firstValueFrom(executeCommand(connection, command, rest));
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const subscription = executeCommand(connection, command, rest).subscribe({
      next: resolve,
      error: (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
      complete: () => signal.removeEventListener('abort', onAbort),
    });
    const onAbort = () => {
      subscription.unsubscribe();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
