/**
 * @module The contracts of the SOAP source: flavours, connection settings, the transport
 * seam that tests replace, and the replies the poller emits.
 */
import type { Observable } from 'rxjs';

/** The two worldserver families realmstream speaks to. */
export type Flavor = 'trinitycore' | 'azerothcore';

/** Where and how to reach one worldserver's SOAP endpoint. */
export interface SoapConnection {
  /** Endpoint URL, e.g. `http://127.0.0.1:7878/`. */
  url: string;
  /** Account name (security level 3 or more). */
  username: string;
  /** Account password. */
  password: string;
  /** Selects the namespace: `urn:TC` or `urn:AC`. */
  flavor: Flavor;
  /** Request timeout in ms (default 10 000). */
  timeoutMs?: number;
}

/**
 * The seam between the poller and the network: runs one console command and emits its
 * output text once, or errors with one of the `Soap*Error` types. Unsubscribing aborts.
 * The real one speaks HTTP; tests pass `cold('--a|', { a: text })` or a cassette.
 */
export type SoapTransport = (command: string) => Observable<string>;

/** One poll result: the command's text, or the typed error, with its latency. */
export type SoapReply =
  | {
    readonly kind: 'ok';
    readonly command: string;
    readonly text: string;
    /** Scheduler time when the reply arrived. */
    readonly time: number;
    /** Round trip in ms (scheduler time). */
    readonly latencyMs: number;
  }
  | {
    readonly kind: 'error';
    readonly command: string;
    readonly error: Error;
    readonly time: number;
    readonly latencyMs: number;
  };
