/**
 * @module Test helper: talk to a server over a raw TCP socket, byte for byte, so tests can
 * compare exact answers (status line, header order, CR LF) and hold connections open.
 */
import { connect, type Socket } from 'node:net';

/** A raw connection with everything received so far. */
export interface RawConnection {
  readonly socket: Socket;
  /** Everything received, as latin1 text (one char per byte). */
  received(): string;
  /** Resolves with everything received once the server closes the connection. */
  closed(timeoutMs?: number): Promise<string>;
  /** Resolves when the received text matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/**
 * Opens a connection.
 *
 * @param port Loopback port.
 * @returns The connection, once connected.
 */
export function openRaw(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    let ended = false;
    const listeners = new Set<() => void>();
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      for (const listener of [...listeners]) listener();
    });
    socket.on('close', () => {
      ended = true;
      for (const listener of [...listeners]) listener();
    });
    socket.on('error', () => {});
    const wait = (check: () => boolean, timeoutMs: number, what: string) =>
      new Promise<string>((done, fail) => {
        const run = () => {
          if (check()) {
            clearTimeout(timer);
            listeners.delete(run);
            done(data);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(run);
          fail(new Error(`timed out waiting for ${what}; received ${JSON.stringify(data)}`));
        }, timeoutMs);
        listeners.add(run);
        run();
      });
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => data,
        closed: (timeoutMs = 5000) => wait(() => ended, timeoutMs, 'close'),
        waitFor: (pattern, timeoutMs = 5000) =>
          wait(() => pattern.test(data), timeoutMs, String(pattern)),
      }));
    socket.once('error', reject);
  });
}

/**
 * Sends bytes on a fresh connection and returns everything until the server closes it.
 *
 * @param port Loopback port.
 * @param request The request bytes (latin1 or UTF-8 string, or bytes).
 * @returns The raw answer as a UTF-8 string.
 */
export async function rawExchange(port: number, request: string | Uint8Array): Promise<string> {
  const connection = await openRaw(port);
  connection.socket.write(typeof request === 'string' ? Buffer.from(request, 'utf8') : request);
  const text = await connection.closed();
  return Buffer.from(text, 'latin1').toString('utf8');
}

/**
 * A SOAP request as a minimal client sends it (the reference's example shape).
 *
 * @param command Command text (already XML-escaped).
 * @param options Namespace, credentials, extra headers.
 * @returns The request bytes.
 */
export function soapRequest(
  command: string,
  options: { urn?: string; auth?: string | null; headers?: string[]; body?: string } = {},
): string {
  const body = options.body ?? `<?xml version="1.0" encoding="utf-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="${
    options.urn ?? 'urn:TC'
  }">
  <SOAP-ENV:Body>
    <ns1:executeCommand>
      <command>${command}</command>
    </ns1:executeCommand>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;
  const auth = options.auth === undefined ? 'ADMIN:admin' : options.auth;
  return [
    'POST / HTTP/1.1',
    'Host: 127.0.0.1:7878',
    ...(auth === null ? [] : [`Authorization: Basic ${Buffer.from(auth).toString('base64')}`]),
    'Content-Type: text/xml; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(options.headers ?? []),
    '',
    body,
  ].join('\r\n');
}

/**
 * The exact answer gSOAP sends for a body (headers in gSOAP's order).
 *
 * @param status Status code and reason (`200 OK`).
 * @param body The XML body.
 * @param auth Whether the 401 header is present.
 * @returns The answer text.
 */
export function gsoapAnswer(status: string, body: string, auth = false): string {
  return `HTTP/1.1 ${status}\r\n` +
    (auth ? 'WWW-Authenticate: Basic realm="gSOAP Web Service"\r\n' : '') +
    'Server: gSOAP/2.8\r\nContent-Type: text/xml; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** The Envelope start gSOAP writes (1999 xsi/xsd unless the request declared others). */
export function gsoapEnvelope(urn: string, inner: string, xsi = '1999', xsd = '1999'): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" ' +
    `xmlns:xsi="http://www.w3.org/${xsi}/XMLSchema-instance" xmlns:xsd="http://www.w3.org/${xsd}/XMLSchema" xmlns:ns1="${urn}"><SOAP-ENV:Body>${inner}</SOAP-ENV:Body></SOAP-ENV:Envelope>\r\n`;
}
