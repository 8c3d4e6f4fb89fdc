/**
 * @module The SOAP client's typed errors. Each has a `kind` from the `server.down` reason
 * vocabulary (`unreachable`, `timeout`, `auth`, `forbidden`, `protocol`, `fault`, `http`), so
 * a failed poll maps straight to an event; none carries credentials.
 */

/** Why a SOAP exchange failed, in the words of the `server.down` event. */
export type SoapErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'auth'
  | 'forbidden'
  | 'protocol'
  | 'fault'
  | 'http';

/** Context every SOAP error carries. */
export interface SoapErrorContext {
  /** The console command that was sent. */
  command?: string;
  /** The endpoint (never with credentials). */
  url?: string;
  /** HTTP status, when an answer arrived. */
  status?: number;
}

/** The base of every SOAP client error. */
export abstract class SoapError extends Error {
  /** The `server.down` reason this error maps to. */
  abstract readonly kind: SoapErrorKind;
  readonly command?: string;
  readonly url?: string;
  readonly status?: number;
  constructor(message: string, context: SoapErrorContext = {}, options?: ErrorOptions) {
    super(message, options);
    this.command = context.command;
    this.url = context.url;
    this.status = context.status;
  }
}

/** HTTP 401: no, unknown or wrong credentials. Polling stops: fix the config. */
export class SoapAuthError extends SoapError {
  readonly kind = 'auth' as const;
  constructor(message: string, context?: SoapErrorContext, options?: ErrorOptions) {
    super(message, context, options);
    this.name = 'SoapAuthError';
  }
}

/** HTTP 403: the account's security level is below 3. Polling stops. */
export class SoapForbiddenError extends SoapError {
  readonly kind = 'forbidden' as const;
  constructor(message: string, context?: SoapErrorContext, options?: ErrorOptions) {
    super(message, context, options);
    this.name = 'SoapForbiddenError';
  }
}

/** The command failed: the worldserver answered with a SOAP fault holding its output. */
export class SoapFaultError extends SoapError {
  readonly kind = 'fault' as const;
  /** The command output (faultstring), CR LF normalised to LF. */
  readonly output: string;
  /** The SOAP faultcode (`SOAP-ENV:Client`, `SOAP-ENV:Server`). */
  readonly faultCode: string;
  constructor(
    output: string,
    faultCode: string,
    context?: SoapErrorContext,
    options?: ErrorOptions,
  ) {
    super(output.trim() || `SOAP fault ${faultCode}`, context, options);
    this.name = 'SoapFaultError';
    this.output = output;
    this.faultCode = faultCode;
  }
}

/**
 * The answer was not what a worldserver sends: not HTTP, not SOAP, the wrong namespace
 * (a flavour mismatch), a request the server could not read, or an unexpected HTTP status.
 * `kind` is `http` for an HTTP status without a SOAP answer (405, a proxy's 502...), else
 * `protocol`.
 */
export class SoapProtocolError extends SoapError {
  readonly kind: 'protocol' | 'http';
  constructor(
    message: string,
    kind: 'protocol' | 'http' = 'protocol',
    context?: SoapErrorContext,
    options?: ErrorOptions,
  ) {
    super(message, context, options);
    this.name = 'SoapProtocolError';
    this.kind = kind;
  }
}

/** No complete answer within the request timeout. */
export class SoapTimeoutError extends SoapError {
  readonly kind = 'timeout' as const;
  /** The timeout that ran out, ms. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number, context?: SoapErrorContext, options?: ErrorOptions) {
    super(`no answer within ${timeoutMs} ms`, context, options);
    this.name = 'SoapTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** The endpoint could not be reached: connection refused or reset, DNS failure. */
export class SoapUnreachableError extends SoapError {
  readonly kind = 'unreachable' as const;
  /** The system error code (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`...), if any. */
  readonly code?: string;
  constructor(message: string, code?: string, context?: SoapErrorContext, options?: ErrorOptions) {
    super(message, context, options);
    this.name = 'SoapUnreachableError';
    this.code = code;
  }
}

/**
 * The transport's queue is full: too many commands waiting for the same realm. A local
 * condition, not a server failure (its kind is not a `server.down` reason).
 */
export class SoapBusyError extends Error {
  readonly kind = 'busy' as const;
  /** The queue size that was exceeded. */
  readonly maxQueue: number;
  readonly command?: string;
  constructor(maxQueue: number, command?: string) {
    super(`too many SOAP commands waiting (queue of ${maxQueue} is full)`);
    this.name = 'SoapBusyError';
    this.maxQueue = maxQueue;
    this.command = command;
  }
}

/**
 * The `server.down` reason for any error a transport produced (`protocol` for errors that
 * are not SOAP client errors, such as {@link SoapBusyError}).
 *
 * @param error The error.
 * @returns The reason.
 */
export function soapErrorReason(error: unknown): SoapErrorKind {
  return error instanceof SoapError ? error.kind : 'protocol';
}

/**
 * Whether polling should stop on this error (401, 403): retrying cannot help and would
 * hammer the account.
 *
 * @param error The error.
 * @returns True for auth and forbidden errors.
 */
export function isFatalSoapError(error: unknown): boolean {
  return error instanceof SoapAuthError || error instanceof SoapForbiddenError;
}
