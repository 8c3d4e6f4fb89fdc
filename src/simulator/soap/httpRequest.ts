/**
 * @module An incremental HTTP/1.1 request reader for the simulated SOAP endpoint: request
 * line, headers, `Expect: 100-continue`, and a body by `Content-Length` or chunked transfer
 * coding, with caps on the header and body sizes. Bytes in, one request out.
 */

/** A complete request. */
export interface HttpRequest {
  readonly method: string;
  readonly target: string;
  readonly version: string;
  /** Header names lower-cased, in arrival order. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
}

/** What {@link HttpRequestReader.push} reports. */
export type ReadState =
  | { readonly state: 'more' }
  /** Headers are in and the client waits for `100 Continue` before sending the body. */
  | { readonly state: 'continue' }
  | { readonly state: 'done'; readonly request: HttpRequest }
  | { readonly state: 'error'; readonly status: 400 | 413; readonly reason: string };

/** Size limits. */
export interface HttpLimits {
  /** Request line plus headers (default 16 KiB). */
  maxHeaderBytes?: number;
  /** Body (default 1 MiB). */
  maxBodyBytes?: number;
}

interface RequestHead {
  method: string;
  target: string;
  version: string;
  headers: [string, string][];
}

const CRLF_CRLF = [13, 10, 13, 10];

function indexOfSequence(buffer: Uint8Array, sequence: number[], from = 0): number {
  outer: for (let i = from; i <= buffer.length - sequence.length; i++) {
    for (let j = 0; j < sequence.length; j++) if (buffer[i + j] !== sequence[j]) continue outer;
    return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Reads one request from a stream of chunks. */
export class HttpRequestReader {
  readonly #maxHeader: number;
  readonly #maxBody: number;
  #buffer: Uint8Array = new Uint8Array(0);
  #head?: RequestHead;
  #continueSent = false;
  #done = false;

  constructor(limits: HttpLimits = {}) {
    this.#maxHeader = limits.maxHeaderBytes ?? 16 * 1024;
    this.#maxBody = limits.maxBodyBytes ?? 1024 * 1024;
  }

  /**
   * Adds bytes and reports progress.
   *
   * @param chunk Bytes received.
   * @returns The state after these bytes.
   */
  push(chunk: Uint8Array): ReadState {
    if (this.#done) return { state: 'more' };
    this.#buffer = concat(this.#buffer, chunk);
    if (!this.#head) {
      const end = indexOfSequence(this.#buffer, CRLF_CRLF);
      if (end < 0) {
        return this.#buffer.length > this.#maxHeader
          ? this.#fail(413, 'request header too large')
          : { state: 'more' };
      }
      if (end > this.#maxHeader) return this.#fail(413, 'request header too large');
      const head = parseHead(new TextDecoder('latin1').decode(this.#buffer.subarray(0, end)));
      if (typeof head === 'string') return this.#fail(400, head);
      this.#head = head;
      this.#buffer = this.#buffer.subarray(end + 4);
    }
    const body = this.#readBody();
    if (body.state !== 'more') return body;
    const expect = this.#header('expect');
    if (
      !this.#continueSent && expect?.toLowerCase() === '100-continue' && this.#buffer.length === 0
    ) {
      this.#continueSent = true;
      return { state: 'continue' };
    }
    return body;
  }

  #header(name: string): string | undefined {
    return this.#head?.headers.find(([key]) => key === name)?.[1];
  }

  #readBody(): ReadState {
    const head = this.#head as RequestHead;
    const chunked = this.#header('transfer-encoding')?.toLowerCase().includes('chunked');
    if (chunked) return this.#readChunked(head);
    const lengthText = this.#header('content-length');
    const length = lengthText === undefined ? 0 : Number(lengthText);
    if (!/^\d+$/.test(lengthText ?? '0')) return this.#fail(400, 'bad Content-Length');
    if (length > this.#maxBody) return this.#fail(413, 'request body too large');
    if (this.#buffer.length < length) return { state: 'more' };
    return this.#finish(head, this.#buffer.subarray(0, length));
  }

  #readChunked(head: RequestHead): ReadState {
    const parts: Uint8Array[] = [];
    let offset = 0;
    let total = 0;
    for (;;) {
      const lineEnd = indexOfSequence(this.#buffer, [13, 10], offset);
      if (lineEnd < 0) return { state: 'more' };
      const sizeText = new TextDecoder().decode(this.#buffer.subarray(offset, lineEnd)).split(
        ';',
      )[0]
        .trim();
      if (!/^[0-9a-fA-F]+$/.test(sizeText)) return this.#fail(400, 'bad chunk size');
      const size = parseInt(sizeText, 16);
      total += size;
      if (total > this.#maxBody) return this.#fail(413, 'request body too large');
      const dataStart = lineEnd + 2;
      if (size === 0) {
        // Trailers (ignored) end with an empty line.
        const end = indexOfSequence(this.#buffer, CRLF_CRLF, lineEnd);
        if (end < 0 && !(this.#buffer[dataStart] === 13 && this.#buffer[dataStart + 1] === 10)) {
          return { state: 'more' };
        }
        let body = new Uint8Array(total);
        let at = 0;
        for (const part of parts) {
          body.set(part, at);
          at += part.length;
        }
        if (at !== total) body = body.subarray(0, at);
        return this.#finish(head, body);
      }
      if (this.#buffer.length < dataStart + size + 2) return { state: 'more' };
      parts.push(this.#buffer.subarray(dataStart, dataStart + size));
      offset = dataStart + size + 2;
    }
  }

  #finish(head: RequestHead, body: Uint8Array): ReadState {
    this.#done = true;
    return { state: 'done', request: { ...head, body: body.slice() } };
  }

  #fail(status: 400 | 413, reason: string): ReadState {
    this.#done = true;
    return { state: 'error', status, reason };
  }
}

function parseHead(text: string): RequestHead | string {
  const lines = text.split('\r\n');
  const requestLine = /^([A-Z]+) (\S+) (HTTP\/1\.[01])$/.exec(lines[0] ?? '');
  if (!requestLine) return 'malformed request line';
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || /\s/.test(line.slice(0, colon))) return 'malformed header line';
    headers.push([line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return { method: requestLine[1], target: requestLine[2], version: requestLine[3], headers };
}
