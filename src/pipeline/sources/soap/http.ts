/**
 * @module One HTTP/1.1 exchange on its own TCP (or TLS) connection, written for a
 * single-threaded SOAP server: exactly one connection per request, `Connection: close`, no
 * pooling and no speculative connections, and the socket destroyed the moment the caller
 * aborts (an idle connection would block gSOAP's only thread for its 5 s receive timeout).
 * Timeouts belong to the caller (scheduler time); this module only does bytes.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { SoapProtocolError, SoapUnreachableError } from './errors.ts';
import type { RawSoapResponse } from './parse.ts';

/** A request to send. */
export interface HttpExchangeRequest {
  /** Endpoint (`http:` or `https:`). */
  url: URL;
  /** Extra headers (Host, Content-Length and Connection are set here). */
  headers: Readonly<Record<string, string>>;
  /** The body. */
  body: string;
  /** Aborting destroys the socket; the promise then rejects with the signal's reason. */
  signal: AbortSignal;
  /** Largest answer accepted (default 16 MiB). */
  maxResponseBytes?: number;
}

const encoder = new TextEncoder();

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function indexOfHeadEnd(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) {
      return i;
    }
  }
  return -1;
}

interface Parsed {
  complete: boolean;
  response?: RawSoapResponse;
}

/**
 * Parses what arrived so far. `final` is true once the server closed the connection.
 *
 * @param bytes Everything received.
 * @param final Whether the connection is closed.
 * @returns Whether a full response is there, and the response.
 */
export function parseHttpResponse(bytes: Uint8Array, final: boolean): Parsed {
  let start = 0;
  for (;;) {
    if (bytes.length - start >= 5) {
      const prefix = new TextDecoder('latin1').decode(bytes.subarray(start, start + 5));
      if (prefix !== 'HTTP/') throw new SoapProtocolError('the answer is not HTTP');
    }
    const headEnd = indexOfHeadEnd(bytes, start);
    if (headEnd < 0) {
      if (final) {
        throw new SoapProtocolError(
          bytes.length === 0
            ? 'the server closed the connection without answering'
            : 'truncated HTTP answer',
        );
      }
      return { complete: false };
    }
    const head = new TextDecoder('latin1').decode(bytes.subarray(start, headEnd)).split('\r\n');
    const statusLine = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(head[0]);
    if (!statusLine) {
      throw new SoapProtocolError(`malformed HTTP status line '${head[0].slice(0, 80)}'`);
    }
    const status = Number(statusLine[1]);
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) {
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
    }
    const bodyStart = headEnd + 4;
    // Interim answers (100 Continue) come before the real one.
    if (status >= 100 && status < 200) {
      start = bodyStart;
      continue;
    }
    const rest = bytes.subarray(bodyStart);
    const decode = (body: Uint8Array) => ({
      complete: true,
      response: { status, headers, body: new TextDecoder().decode(body) },
    });
    if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
      const body = dechunk(rest);
      if (body) return decode(body);
      if (final) throw new SoapProtocolError('truncated chunked HTTP answer');
      return { complete: false };
    }
    const lengthText = headers['content-length'];
    if (lengthText !== undefined) {
      const length = Number(lengthText);
      if (!Number.isSafeInteger(length) || length < 0) {
        throw new SoapProtocolError(`bad Content-Length '${lengthText}'`);
      }
      if (rest.length >= length) return decode(rest.subarray(0, length));
      if (final) throw new SoapProtocolError('truncated HTTP answer');
      return { complete: false };
    }
    return final ? decode(rest) : { complete: false };
  }
}

function dechunk(bytes: Uint8Array): Uint8Array | undefined {
  const parts: Uint8Array[] = [];
  let total = 0;
  let offset = 0;
  for (;;) {
    let lineEnd = -1;
    for (let i = offset; i + 1 < bytes.length; i++) {
      if (bytes[i] === 13 && bytes[i + 1] === 10) {
        lineEnd = i;
        break;
      }
    }
    if (lineEnd < 0) return undefined;
    const size = parseInt(
      new TextDecoder().decode(bytes.subarray(offset, lineEnd)).split(';')[0],
      16,
    );
    if (!Number.isFinite(size)) throw new SoapProtocolError('bad chunk size in HTTP answer');
    if (size === 0) return concat(parts, total);
    if (bytes.length < lineEnd + 2 + size) return undefined;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    total += size;
    offset = lineEnd + 2 + size + 2;
  }
}

function openSocket(url: URL): Socket {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (url.protocol === 'https:') {
    return tlsConnect({ host, port: Number(url.port || 443), servername: host });
  }
  if (url.protocol !== 'http:') {
    throw new SoapProtocolError(`unsupported URL scheme '${url.protocol}'`);
  }
  return netConnect({ host, port: Number(url.port || 80) });
}

/**
 * Sends one request on a fresh connection and reads the whole answer.
 *
 * @param request URL, headers, body, abort signal.
 * @returns Status, headers and body.
 */
export function httpExchange(request: HttpExchangeRequest): Promise<RawSoapResponse> {
  const { url, signal } = request;
  const limit = request.maxResponseBytes ?? 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    let socket: Socket;
    try {
      socket = openSocket(url);
    } catch (error) {
      return reject(error);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    let settled = false;
    const settle = (error: unknown, response?: RawSoapResponse) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (response) resolve(response);
      else reject(error);
    };
    const onAbort = () => settle(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const check = (final: boolean) => {
      try {
        const parsed = parseHttpResponse(concat(chunks, total), final);
        if (parsed.complete) settle(undefined, parsed.response);
      } catch (error) {
        settle(error);
      }
    };
    const body = encoder.encode(request.body);
    const path = `${url.pathname || '/'}${url.search}`;
    const head = [
      `POST ${path} HTTP/1.1`,
      `Host: ${url.host}`,
      ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
      `Content-Length: ${body.length}`,
      'Connection: close',
      '',
      '',
    ].join('\r\n');
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code;
      settle(
        new SoapUnreachableError(`cannot reach ${url.origin}: ${code ?? error.message}`, code, {
          url: url.origin,
        }, { cause: error }),
      );
    });
    socket.on('data', (chunk: Uint8Array) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total > limit) settle(new SoapProtocolError(`answer larger than ${limit} bytes`));
      else check(false);
    });
    socket.on('end', () => check(true));
    socket.on('close', () => check(true));
    socket.write(concat([encoder.encode(head), body], encoder.encode(head).length + body.length));
  });
}
