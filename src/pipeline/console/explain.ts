/**
 * @module SOAP failures in words an operator can act on: what failed, where, and the
 * worldserver setting or account change that usually fixes it. Used by console replies and
 * by the health check.
 */
import {
  SoapAuthError,
  SoapBusyError,
  SoapFaultError,
  SoapForbiddenError,
  SoapProtocolError,
  SoapTimeoutError,
  SoapUnreachableError,
} from '../sources/soap/errors.ts';

/** Where the failure lies, for a health check's parts. */
export type FailingPart = 'soap' | 'auth' | 'command' | 'gateway';

/** An explained failure. */
export interface Explanation {
  /** The part that failed. */
  readonly part: FailingPart;
  /** A short code (`unreachable`, `timeout`, `auth`, `forbidden`, `fault`, `protocol`, `busy`). */
  readonly code: string;
  /** One or two sentences for the operator. */
  readonly message: string;
}

/** Where the SOAP endpoint is, as far as the explanation needs it. */
export interface EndpointInfo {
  /** Endpoint URL (no credentials). */
  readonly url: string;
  /** Account name used. */
  readonly username?: string;
}

function hostPort(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.host;
  } catch {
    return url;
  }
}

/**
 * Explains a SOAP error.
 *
 * ## Example
 * ```ts
 * explainSoapError(new SoapForbiddenError('...', { status: 403 }), { url, username: 'GM' }).message;
 * // "SOAP answered 403: the account 'GM' needs security level 3 ..."
 * ```
 *
 * @param error What the transport failed with.
 * @param endpoint The endpoint and account.
 * @returns The explanation.
 */
export function explainSoapError(error: unknown, endpoint: EndpointInfo): Explanation {
  const where = hostPort(endpoint.url);
  const account = endpoint.username ? `'${endpoint.username}'` : 'the SOAP account';
  if (error instanceof SoapUnreachableError) {
    if (error.code === 'ECONNREFUSED') {
      return {
        part: 'soap',
        code: 'unreachable',
        message: `connection refused at ${where}: is the worldserver running with ` +
          'SOAP.Enabled = 1, and do SOAP.IP and SOAP.Port match this address?',
      };
    }
    if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
      return {
        part: 'soap',
        code: 'unreachable',
        message: `the host of ${where} was not found (DNS): check realms[].soap.url`,
      };
    }
    return {
      part: 'soap',
      code: 'unreachable',
      message: `could not talk to ${where}${error.code ? ` (${error.code})` : ''}: ` +
        `${error.message}. Is the worldserver up and reachable from the gateway?`,
    };
  }
  if (error instanceof SoapTimeoutError) {
    return {
      part: 'soap',
      code: 'timeout',
      message: `no answer from ${where} within ${error.timeoutMs} ms: the worldserver is ` +
        'stalled or overloaded (SOAP runs one command at a time, each on the next world ' +
        'update; a long command or a hung world thread blocks it)',
    };
  }
  if (error instanceof SoapAuthError) {
    return {
      part: 'auth',
      code: 'auth',
      message: `SOAP answered 401: the account ${account} does not exist or the password ` +
        'is wrong (check realms[].soap.username and password)',
    };
  }
  if (error instanceof SoapForbiddenError) {
    return {
      part: 'auth',
      code: 'forbidden',
      message: `SOAP answered 403: the account ${account} needs security level 3 ` +
        `(on the worldserver console: account set gmlevel ${
          endpoint.username ?? '<account>'
        } 3 -1)`,
    };
  }
  if (error instanceof SoapFaultError) {
    return {
      part: 'command',
      code: 'fault',
      message: `the worldserver refused the command: ${error.output.trim() || error.message}`,
    };
  }
  if (error instanceof SoapProtocolError) {
    return {
      part: 'soap',
      code: error.kind,
      message: error.kind === 'http'
        ? `${where} answered without a SOAP reply (${error.message}): is something other ` +
          'than the worldserver (a proxy, another service) listening there?'
        : `${where} did not answer like a worldserver (${error.message}): check ` +
          'realms[].flavor (TrinityCore speaks urn:TC, AzerothCore urn:AC) and the URL',
    };
  }
  if (error instanceof SoapBusyError) {
    return {
      part: 'gateway',
      code: 'busy',
      message: 'too many commands are waiting for this realm; try again in a moment',
    };
  }
  return {
    part: 'gateway',
    code: 'internal',
    message: `unexpected failure: ${(error as Error)?.message ?? String(error)}`,
  };
}
