/**
 * @module The SOAP service of the simulated worldserver: what `TCSoap.cpp`/`ACSoap.cpp` and
 * gSOAP do with one HTTP request. POST only (405 otherwise); the body is parsed first (so a
 * malformed body gets a fault even without credentials), then Basic auth (401 with
 * `WWW-Authenticate`, 403 below security level 3, passwords compared case-insensitively),
 * then the empty-command fault, then the command runs on the next world tick and its output
 * becomes a result or, when it failed, a fault. Injected failures (`failNext`) come first.
 */
import type { ConsoleResult } from '../commands/index.ts';
import type { SimFlavor } from '../world/types.ts';
import type { SimWorld } from '../world/world.ts';
import {
  faultBody,
  readEnvelope,
  type ResponseNamespaces,
  resultBody,
  type SoapFault,
  XSD_1999,
  XSI_1999,
} from './envelope.ts';
import type { HttpRequest } from './httpRequest.ts';
import type { ServerAction } from './server.ts';

/** Security level needed for SOAP (`SEC_ADMINISTRATOR`). */
export const SEC_ADMINISTRATOR = 3;

/** The failures a test can inject with `failNext`. */
export type SimFailureKind = 'timeout' | 'garbage' | 'fault' | 'http500' | 'reset';

/** One received request, as the simulator logs it (no passwords). */
export interface SimRequest {
  /** World clock when the request was fully received. */
  readonly time: number;
  readonly method: string;
  /** The Basic-auth user name, if any. */
  readonly user?: string;
  /** The command text, when the body held one. */
  readonly command?: string;
  /** HTTP status of the answer (undefined for injected timeouts, resets and garbage). */
  readonly status?: number;
  /** The injected failure that answered it, if any. */
  readonly failure?: SimFailureKind;
}

/** What the service needs from the simulator. */
export interface SoapServiceDeps {
  readonly flavor: SimFlavor;
  readonly world: SimWorld;
  /** Queues the command for the next world tick and resolves with its outcome. */
  runCommand(command: string): Promise<ConsoleResult>;
  /** Takes the next injected failure, if one is pending. */
  takeFailure(): SimFailureKind | undefined;
  /** Records a request. */
  log(entry: SimRequest): void;
  /** How long an injected `timeout` keeps the connection silent. */
  readonly hangMs: number;
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  405: 'Method Not Allowed',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
};

const DEFAULT_NS: ResponseNamespaces = { xsi: XSI_1999, xsd: XSD_1999 };

/**
 * The bytes of a gSOAP HTTP answer: status line, `WWW-Authenticate` (401 only), `Server`,
 * `Content-Type`, `Content-Length`, `Connection: close`, in that order.
 *
 * @param status HTTP status.
 * @param body The body.
 * @returns The response bytes.
 */
export function httpResponse(status: number, body: string): Uint8Array {
  const bytes = new TextEncoder().encode(body);
  const head = `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n` +
    (status === 401 ? 'WWW-Authenticate: Basic realm="gSOAP Web Service"\r\n' : '') +
    'Server: gSOAP/2.8\r\n' +
    'Content-Type: text/xml; charset=utf-8\r\n' +
    `Content-Length: ${bytes.length}\r\n` +
    'Connection: close\r\n\r\n';
  const headBytes = new TextEncoder().encode(head);
  const out = new Uint8Array(headBytes.length + bytes.length);
  out.set(headBytes, 0);
  out.set(bytes, headBytes.length);
  return out;
}

/**
 * A gSOAP fault for an HTTP-level error (`Error 401: HTTP 401 Unauthorized`).
 *
 * @param status HTTP status.
 * @param flavor Flavour.
 * @param ns Namespaces to declare.
 * @returns The response bytes.
 */
export function httpErrorResponse(status: number, flavor: SimFlavor, ns = DEFAULT_NS): Uint8Array {
  const fault = {
    code: 'SOAP-ENV:Client',
    string: `Error ${status}: HTTP ${status} ${REASONS[status] ?? 'Error'}`,
  };
  return httpResponse(status, faultBody(fault, flavor, ns));
}

function basicAuth(request: HttpRequest): { user: string; password: string } | undefined {
  const header = request.headers.find(([name]) => name === 'authorization')?.[1];
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function injected(kind: SimFailureKind, deps: SoapServiceDeps): ServerAction {
  switch (kind) {
    case 'timeout':
      return { type: 'hang', maxMs: deps.hangMs };
    case 'reset':
      return { type: 'reset' };
    case 'garbage':
      return {
        type: 'respond',
        bytes: new TextEncoder().encode('\u0000\u0001 not an HTTP answer \u00ff\r\n'),
      };
    case 'http500': {
      const body = '<html><body><h1>500 Internal Server Error</h1></body></html>\n';
      const text = 'HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\n' +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
      return { type: 'respond', bytes: new TextEncoder().encode(text) };
    }
    case 'fault': {
      // What AzerothCore answers when the world stops while a command waits (PR #26335).
      const fault: SoapFault = {
        code: 'SOAP-ENV:Server',
        string: 'Server is shutting down',
        detail: 'Command aborted: the server is shutting down',
      };
      return {
        type: 'respond',
        bytes: httpResponse(500, faultBody(fault, deps.flavor, DEFAULT_NS)),
      };
    }
  }
}

/**
 * Answers one HTTP request.
 *
 * @param request The request.
 * @param deps World, command runner, failure queue, log.
 * @returns What the server should do.
 */
export async function handleSoapRequest(
  request: HttpRequest,
  deps: SoapServiceDeps,
): Promise<ServerAction> {
  const { flavor, world } = deps;
  const time = world.now();
  const auth = basicAuth(request);
  const user = auth?.user;
  const failure = deps.takeFailure();
  if (failure) {
    deps.log({
      time,
      method: request.method,
      user,
      failure,
      status: failure === 'fault' ? 500 : failure === 'http500' ? 500 : undefined,
    });
    return injected(failure, deps);
  }
  const respond = (status: number, bytes: Uint8Array, command?: string): ServerAction => {
    deps.log({
      time,
      method: request.method,
      user,
      status,
      ...(command !== undefined ? { command } : {}),
    });
    return { type: 'respond', bytes };
  };
  if (request.method !== 'POST') {
    const fault = {
      code: 'SOAP-ENV:Client',
      string: `HTTP ${request.method} method not implemented`,
    };
    return respond(405, httpResponse(405, faultBody(fault, flavor, DEFAULT_NS)));
  }
  const reading = readEnvelope(new TextDecoder().decode(request.body), flavor);
  if (reading.kind === 'fault') {
    return respond(500, httpResponse(500, faultBody(reading.fault, flavor, reading.ns)));
  }
  const { ns, command } = reading;
  const account = auth ? world.findAccount(auth.user) : undefined;
  if (!auth || !account || account.password.toUpperCase() !== auth.password.toUpperCase()) {
    return respond(401, httpErrorResponse(401, flavor, ns), command);
  }
  if (account.gmLevel < SEC_ADMINISTRATOR) {
    return respond(403, httpErrorResponse(403, flavor, ns), command);
  }
  if (!command) {
    const fault = {
      code: 'SOAP-ENV:Client',
      string: 'Command can not be empty',
      detail: 'The supplied command was an empty string',
    };
    return respond(500, httpResponse(500, faultBody(fault, flavor, ns)), command);
  }
  const result = await deps.runCommand(command);
  world.soapCommand(command, account.name, result.ok);
  if (result.ok) {
    return respond(200, httpResponse(200, resultBody(result.output, flavor, ns)), command);
  }
  const fault = { code: 'SOAP-ENV:Client', string: result.output, detail: result.output };
  return respond(500, httpResponse(500, faultBody(fault, flavor, ns)), command);
}
