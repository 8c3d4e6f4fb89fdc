/**
 * @module `createSoapTransport`: the realm's `SoapTransport`, running at most one command at
 * a time (the worldserver serves one request at a time anyway, and a second connection would
 * only wait in its backlog) with a bounded queue behind it; when the queue is full, a new
 * command fails at once with `SoapBusyError`.
 */
import { Observable } from 'rxjs';
import { executeCommand, type SoapClientOptions } from './client.ts';
import { SoapBusyError } from './errors.ts';
import type { SoapConnection, SoapTransport } from './types.ts';

/** Options for {@link createSoapTransport}. */
export interface SoapTransportOptions extends SoapClientOptions {
  /** Commands allowed to wait behind the running one (default 16). */
  maxQueue?: number;
}

/**
 * Creates the transport of one realm.
 *
 * ```ts
 * const transport = createSoapTransport({ url, username, password, flavor: 'trinitycore' });
 * transport('server info').subscribe(console.log);
 * ```
 *
 * @param connection URL, account, flavour, timeout.
 * @param options Queue size, scheduler, exchange hook.
 * @returns The transport: `command => Observable<string>`, cold, one command at a time.
 */
export function createSoapTransport(
  connection: SoapConnection,
  options: SoapTransportOptions = {},
): SoapTransport {
  const maxQueue = options.maxQueue ?? 16;
  const waiting: (() => void)[] = [];
  let busy = false;
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else busy = false;
  };
  return (command: string) =>
    new Observable<string>((subscriber) => {
      let inner: { unsubscribe(): void } | undefined;
      let holding = false;
      const start = () => {
        holding = true;
        inner = executeCommand(connection, command, options).subscribe({
          next: (text) => subscriber.next(text),
          error: (error) => {
            holding = false;
            release();
            subscriber.error(error);
          },
          complete: () => {
            holding = false;
            release();
            subscriber.complete();
          },
        });
      };
      if (!busy) {
        busy = true;
        start();
      } else if (waiting.length >= maxQueue) {
        subscriber.error(new SoapBusyError(maxQueue, command));
        return;
      } else {
        waiting.push(start);
      }
      return () => {
        const index = waiting.indexOf(start);
        if (index >= 0) waiting.splice(index, 1);
        inner?.unsubscribe();
        if (holding) {
          holding = false;
          release();
        }
      };
    });
}
